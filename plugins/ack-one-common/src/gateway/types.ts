/** The shapes the multi-cluster gateway reads (Ingress, IngressClass) and produces (routes, issues). */

/**
 * The parts of a networking.k8s.io/v1 Ingress this module reads.
 *
 * @public
 */
export interface IngressLike {
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackendLike;
    rules?: Array<{
      host?: string;
      http?: { paths?: IngressPathLike[] };
    }>;
  };
}

/**
 * One path of an Ingress rule.
 *
 * @public
 */
export interface IngressPathLike {
  path?: string;
  pathType?: string;
  backend?: IngressBackendLike;
}

/** @public */
export interface IngressBackendLike {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: unknown;
}

/** @public */
export interface IngressClassLike {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: {
    controller?: string;
    parameters?: { apiGroup?: string; kind?: string; name?: string };
  };
}

/** @public */
export interface GatewayIssue {
  /** `namespace/name` of the Ingress */
  ingress: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/**
 * Where a rule sends traffic: a cluster (subset) or, when absent, all clusters by pod count.
 *
 * @public
 */
export interface RouteTarget {
  ingress: string;
  /** pinned cluster id (from service-subset/subset-labels), undefined = all clusters */
  clusterId?: string;
  subset?: string;
  subsetLabels?: Record<string, string>;
}

/** @public */
export interface CanaryRule extends RouteTarget {
  /** 0..weightTotal, undefined when the canary is header-only */
  weight?: number;
  weightTotal: number;
  header?: { name: string; value?: string; pattern?: string };
}

/** @public */
export interface GatewayRoute {
  /** `host path` */
  id: string;
  /** '' matches any host */
  host: string;
  path: string;
  pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  namespace: string;
  service: { name: string; port?: number | string };
  base: RouteTarget;
  canaries: CanaryRule[];
}

/** @public */
export interface ParseResult {
  routes: GatewayRoute[];
  issues: GatewayIssue[];
}
