import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { DrStatus } from '@internal/plugin-ack-one-common';

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

  /**
   * Disaster recovery status of a service that opted in with the
   * `ack-one/fleet` annotation: its clusters, workload parity, gateway
   * weights and failover capacity.
   *
   * Resolves with problems (and no policy) when the entity's annotations are
   * malformed. Rejects with a `ResponseError` on a non-OK response; a 404
   * means the entity is unknown or the user may not read it.
   */
  getDrStatus(
    entityRef:
      | CompoundEntityRef
      | { kind: string; namespace: string; name: string },
  ): Promise<DrStatus>;
}

/**
 * API reference for {@link AckOneApi}.
 *
 * @public
 */
export const ackOneApiRef = createApiRef<AckOneApi>({
  id: 'plugin.ack-one.api',
});
