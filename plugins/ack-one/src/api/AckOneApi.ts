import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  ClusterHealth,
  DrBlastRadius,
  DrGatewayOverview,
  DrOverview,
  DrStatus,
  FailoverCheckResult,
  FailoverList,
  FailoverRequest,
  FailoverRequestInput,
} from '@internal/plugin-ack-one-common';

/** The answer of the cluster-health route, shared with the backend. */
export type { ClusterHealth };

/**
 * Which services the DR overview lists.
 *
 * @public
 */
export interface DrOverviewQuery {
  /** Only the services of this system (entity ref). */
  system?: string;
  /** Only the services of this owner (entity ref). */
  owner?: string;
}

/**
 * A page of failover requests.
 *
 * @public
 */
export interface FailoverListOptions {
  /** Page size. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
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

  /**
   * The DR state of every opted-in service the user may read, in one call
   * answered from the backend's cache; narrowed to a system or an owner
   * when asked.
   */
  getOverview(query?: DrOverviewQuery): Promise<DrOverview>;

  /**
   * What losing one cluster would do to each service: down, loses
   * capacity, or unaffected, with the reason.
   */
  getBlastRadius(clusterId: string): Promise<DrBlastRadius>;

  /**
   * A Fleet's multi-cluster gateway: its gateway objects and every route
   * with the services using it. A 404 means the Fleet is unknown or the user
   * may not read it.
   */
  getFleetGateway(fleetId: string): Promise<DrGatewayOverview>;

  /**
   * Evaluates the safety checks of a planned traffic shift without
   * recording anything, and predicts each cluster's load after it.
   */
  checkFailover(input: FailoverRequestInput): Promise<FailoverCheckResult>;

  /**
   * Records a failover request, to be approved by another owner; with
   * `emergency: true` it is approved and executed at once. Rejects with a
   * `ResponseError`: 400 names the invalid field, 409 lists the safety
   * checks that failed, 403 means the user may not request (or override).
   */
  requestFailover(input: FailoverRequestInput): Promise<FailoverRequest>;

  /** The failover requests of a service, newest first. */
  listFailovers(
    entityRef: string,
    options?: FailoverListOptions,
  ): Promise<FailoverList>;

  /** One failover request, with its progress and events. */
  getFailover(id: string): Promise<FailoverRequest>;

  /**
   * Approves someone else's request. Rejects with 403 when the user
   * requested it or may not approve, 409 when it is no longer `requested`.
   */
  approveFailover(id: string, reason?: string): Promise<FailoverRequest>;

  /** Rejects a request, with the reason shown to the requester. */
  rejectFailover(id: string, reason: string): Promise<FailoverRequest>;

  /** Cancels a request that has not started executing. */
  cancelFailover(id: string, reason?: string): Promise<FailoverRequest>;
}

/**
 * API reference for {@link AckOneApi}.
 *
 * @public
 */
export const ackOneApiRef = createApiRef<AckOneApi>({
  id: 'plugin.ack-one.api',
});
