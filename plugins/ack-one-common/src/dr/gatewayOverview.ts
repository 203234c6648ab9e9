import type { DrRoute } from './types';

/**
 * A Fleet's multi-cluster gateway, as `GET /api/ack-one/v1/fleets/{fleetId}/gateway`
 * answers it for a caller who may read the Fleet: the gateway objects, the
 * state of the backend's watch on the Fleet, and every route of its MSE
 * Ingresses with the services that use it. Plain JSON: dates are ISO strings.
 */

/**
 * One gateway object of the Fleet (`MseIngressConfig` or `AlbConfig`).
 *
 * @public
 */
export interface DrGatewayObject {
  name: string;
  /** `MseIngressConfig` or `AlbConfig`. */
  kind: string;
  /** `Pending`, `Running`, `Listening`, `Failed`, when known. */
  status?: string;
  /** Its address once listening. */
  address?: string;
  /** The IngressClasses that route through it. */
  ingressClasses: string[];
  /** Its catalog entity, when it has one. */
  entityRef?: string;
}

/**
 * A route of the Fleet's gateway and the services that use it.
 *
 * @public
 */
export interface DrGatewayRoute extends DrRoute {
  /**
   * The opted-in services (entity refs) the caller may read whose DR status
   * includes this route; empty when none does.
   */
  entityRefs: string[];
  /**
   * Whether `byPods` and `effective` were worked out from the ready replicas
   * of a service using the route. When no service the caller may read uses
   * it, the backend does not know which workloads serve it: both are empty
   * and only the declared weights are meaningful.
   */
  healthKnown: boolean;
}

/** @public */
export interface DrGatewayOverview {
  /** The Fleet's cluster id. */
  fleetId: string;
  /** The Fleet's name in ACK One, when the backend knows the Fleet. */
  fleetName?: string;
  /** Whether the backend's watch on the Fleet's Ingresses is connected. */
  reachable: boolean;
  /** Last time the Ingresses were known current (ISO). */
  lastSyncAt?: string;
  /** Why the watch is not connected, in plain words. */
  message?: string;
  gateways: DrGatewayObject[];
  routes: DrGatewayRoute[];
  /** Problems found in the Fleet's gateway Ingresses (malformed weights and the like). */
  issues: Array<{ ingress: string; severity: string; message: string }>;
  generatedAt: string;
}
