import { useApiHolder } from '@backstage/core-plugin-api';
import { ClusterHealth } from '@internal/plugin-ack-one-common';
import { ackOneApiRef } from '../../api';
import { DEFAULT_CARD_POLL_INTERVAL_MS, usePolling } from '../usePolling';

/**
 * The reachability of a cluster as the backend's watches see it (the same
 * source as the DR tab), refreshed every 10 s by default.
 */
export function useClusterHealth(
  clusterId: string,
  intervalMs: number = DEFAULT_CARD_POLL_INTERVAL_MS,
) {
  // Without the ack-one API (an app that does not install the plugin's
  // API), nothing is polled and the cards show what the catalog says.
  const api = useApiHolder().get(ackOneApiRef);
  return usePolling<ClusterHealth>(
    `health:${clusterId}`,
    api ? () => api.getClusterHealth(clusterId) : undefined,
    intervalMs,
  );
}
