import { createApiRef } from '@backstage/core-plugin-api';

/**
 * Result of probing a member cluster's Kubernetes API server from the
 * `ack-one` backend plugin.
 *
 * @public
 */
export interface ClusterHealth {
  clusterId: string;
  reachable: boolean;
  /** ISO 8601 timestamp of the probe. */
  checkedAt: string;
  latencyMs?: number;
  message?: string;
}

/**
 * Client for the `ack-one` backend plugin.
 *
 * @public
 */
export interface AckOneApi {
  /**
   * Probes the API server of an ACK One member cluster.
   *
   * Rejects with a `ResponseError` (from `@backstage/errors`) on a non-OK
   * response; a 404 means the backend plugin is not installed or does not
   * know the cluster.
   */
  getClusterHealth(clusterId: string): Promise<ClusterHealth>;
}

/**
 * API reference for {@link AckOneApi}.
 *
 * @public
 */
export const ackOneApiRef = createApiRef<AckOneApi>({
  id: 'plugin.ack-one.api',
});
