import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ackOneApiRef } from '../../api';
import { describeError, isNotFound } from '../presentation';

function formatCheckedAt(checkedAt: string): string {
  const date = new Date(checkedAt);
  return Number.isNaN(date.getTime()) ? checkedAt : date.toLocaleString();
}

/**
 * API server reachability of one cluster, as probed by the `ack-one`
 * backend. Never throws: a missing backend shows "unknown" with a hint, any
 * other failure shows its message.
 */
export const ClusterHealthStatus = (props: { clusterId: string }) => {
  const { clusterId } = props;
  const api = useApi(ackOneApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getClusterHealth(clusterId),
    [api, clusterId],
  );

  if (loading) {
    return <StatusPending>Checking…</StatusPending>;
  }

  const recheck = (
    <Button size="small" onClick={retry} aria-label="Check API server again">
      Check again
    </Button>
  );

  if (error) {
    if (isNotFound(error)) {
      return (
        <Box data-testid="ack-one-health" data-health="unknown">
          <StatusWarning>Unknown</StatusWarning>
          <Typography variant="caption" color="textSecondary" display="block">
            The ack-one backend plugin is not installed, or does not know this
            cluster.
          </Typography>
        </Box>
      );
    }
    return (
      <Box data-testid="ack-one-health" data-health="error">
        <StatusError>Health check failed: {describeError(error)}</StatusError>
        {recheck}
      </Box>
    );
  }

  if (!value) {
    return (
      <Box data-testid="ack-one-health" data-health="unknown">
        <StatusWarning>Unknown</StatusWarning>
      </Box>
    );
  }

  const checked = (
    <Typography variant="caption" color="textSecondary" display="block">
      Checked {formatCheckedAt(value.checkedAt)}
    </Typography>
  );

  if (value.reachable) {
    return (
      <Box data-testid="ack-one-health" data-health="reachable">
        <StatusOK>
          Reachable
          {typeof value.latencyMs === 'number'
            ? ` (${Math.round(value.latencyMs)} ms)`
            : ''}
        </StatusOK>
        {checked}
      </Box>
    );
  }

  return (
    <Box data-testid="ack-one-health" data-health="unreachable">
      <StatusError>
        Unreachable{value.message ? `: ${value.message}` : ''}
      </StatusError>
      {checked}
      {recheck}
    </Box>
  );
};
