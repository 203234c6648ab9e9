import { ApiError, err } from './common';

// ---- CS ----------------------------------------------------------------------

export function clusterNotFound(clusterId: string): ApiError {
  return err(404, 'ErrorClusterNotFound', `cluster ${clusterId} not found`);
}

export function clusterStateError(
  clusterId: string,
  state: string,
  action: string,
): ApiError {
  return err(
    400,
    'ErrorClusterState',
    `cluster ${clusterId} is in state ${state}, ${action} is not allowed`,
  );
}
