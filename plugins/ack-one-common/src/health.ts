/**
 * The answer of `GET /api/ack-one/v1/clusters/{clusterId}/health`, shown by
 * the cluster and Fleet cards. Reachability comes from the same source as
 * the DR tab (the backend's watches), so the pages never disagree.
 *
 * @public
 */
export interface ClusterHealth {
  clusterId: string;
  reachable: boolean;
  /** When this answer was made (ISO). */
  checkedAt: string;
  /** Last time data from the cluster was known current (ISO). */
  lastSyncAt?: string;
  latencyMs?: number;
  /**
   * Why it is unreachable, in plain words ("connection refused", "timed out
   * after 5 s"). Never a secret, an address or a server's own text.
   */
  message?: string;
}
