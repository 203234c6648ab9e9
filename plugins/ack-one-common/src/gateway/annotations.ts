/**
 * ACK One multi-cluster gateway (MSE Ingress) vocabulary and routing rules.
 *
 * An Ingress on the Fleet whose class is served by the MSE controller
 * (`mse.alibabacloud.com/ingress`, IngressClass parameters pointing to a
 * `MseIngressConfig`) routes a host/path to a Service that exists, with the
 * same name and namespace, in every associated cluster. The `gateway`
 * modules turn such Ingresses into routes (`parse`) and compute per-cluster
 * traffic shares (`weights`). They are shared by the simulator's gateway and
 * the Backstage plugins; the per-request decisions live in the simulator's
 * data plane. This file holds the annotation vocabulary.
 *
 * Provenance of the annotation names:
 * - From Alibaba Cloud's MSE Ingress annotation documentation (VERIFIED):
 *   `nginx.ingress.kubernetes.io/canary`, `canary-by-header`,
 *   `canary-by-header-value`, `canary-by-header-pattern`, `canary-weight`,
 *   `canary-weight-total` (each also accepted with the `mse.ingress.kubernetes.io/`
 *   prefix, which the documentation declares equivalent), and
 *   `mse.ingress.kubernetes.io/service-subset` and
 *   `mse.ingress.kubernetes.io/subset-labels` (as MSE features).
 * - ASSUMED (UNVERIFIED, recalled from the ACK One multi-cluster gateway
 *   pages, whose stored copy is truncated): that `service-subset` set to a
 *   cluster id together with `subset-labels: topology.istio.io/cluster <id>`
 *   pins a route to one associated cluster, and that a canary Ingress with
 *   such a subset sends its weight/header traffic to that cluster. Also
 *   assumed: the `mse.alibabacloud.com/remote-clusters` annotation on
 *   MseIngressConfig. The facts that, without weights, traffic follows the
 *   pod count per cluster and that a cluster without healthy backends is
 *   failed over automatically are VERIFIED product behaviour.
 * - Not modelled: `mse.ingress.kubernetes.io/destination` (multi-service
 *   weights), cookie/query canaries, mirroring; they are reported as ignored.
 *
 * Nothing here throws on malformed input: problems are returned as
 * `issues` and the offending annotation is ignored.
 */

import { IngressClassLike, IngressLike } from './types';

/** @public */
export const MSE_INGRESS_CONTROLLER = 'mse.alibabacloud.com/ingress';
/** @public */
export const MSE_INGRESS_CONFIG_KIND = 'MseIngressConfig';
/** @public */
export const MSE_API_GROUP = 'mse.alibabacloud.com';
/**
 * Pod label carrying the cluster id (set by the web-demo chart).
 *
 * @public
 */
export const CLUSTER_TOPOLOGY_LABEL = 'topology.istio.io/cluster';
/**
 * ASSUMED: associated clusters on a Fleet MseIngressConfig.
 *
 * @public
 */
export const MSE_REMOTE_CLUSTERS_ANNOTATION =
  'mse.alibabacloud.com/remote-clusters';

/** Annotation prefixes (internal to the gateway modules; not re-exported). */
export const NGINX = 'nginx.ingress.kubernetes.io/';
export const MSE = 'mse.ingress.kubernetes.io/';

/**
 * Annotation names (the nginx prefix; the `mse.ingress.kubernetes.io/` prefix is equivalent).
 *
 * @public
 */
export const GATEWAY_ANNOTATIONS = {
  canary: `${NGINX}canary`,
  canaryByHeader: `${NGINX}canary-by-header`,
  canaryByHeaderValue: `${NGINX}canary-by-header-value`,
  canaryByHeaderPattern: `${NGINX}canary-by-header-pattern`,
  canaryWeight: `${NGINX}canary-weight`,
  canaryWeightTotal: `${NGINX}canary-weight-total`,
  serviceSubset: `${MSE}service-subset`,
  subsetLabels: `${MSE}subset-labels`,
} as const;

/** Annotations (short names) that are reported as not modelled. */
export const IGNORED_ANNOTATIONS = [
  'destination',
  'canary-by-cookie',
  'canary-by-cookie-value',
  'canary-by-query',
  'canary-by-query-value',
  'canary-by-query-pattern',
  'mirror-target-service',
];

/** Reads an annotation by its short name, the `mse.ingress.kubernetes.io/` prefix winning over the nginx one. */
export function ann(
  a: Record<string, string> | undefined,
  short: string,
): string | undefined {
  if (!a) return undefined;
  return a[`${MSE}${short}`] ?? a[`${NGINX}${short}`];
}

/**
 * Parses `subset-labels`: lines (or comma-separated pairs) of `key value` or `key=value`/`key: value`.
 *
 * @public
 */
export function parseSubsetLabels(raw: string): {
  labels?: Record<string, string>;
  error?: string;
} {
  const labels: Record<string, string> = {};
  const entries = raw
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean);
  if (!entries.length) return { error: 'subset-labels is empty' };
  for (const e of entries) {
    const m = /^([A-Za-z0-9._/-]+)(?:\s*[=:]\s*|\s+)([A-Za-z0-9._-]*)$/.exec(e);
    if (!m)
      return {
        error: `subset-labels entry "${e}" is not "<label-key> <value>"`,
      };
    labels[m[1]] = m[2];
  }
  return { labels };
}

/**
 * True when an Ingress is served by the MSE gateway, given the IngressClasses (default class `mse`).
 *
 * @public
 */
export function isMseIngress(
  ing: IngressLike,
  classes?: IngressClassLike[],
): boolean {
  const cls =
    ing.spec?.ingressClassName ??
    ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (!classes) return cls === 'mse';
  if (!cls) {
    return classes.some(
      c =>
        c.spec?.controller === MSE_INGRESS_CONTROLLER &&
        c.metadata.annotations?.[
          'ingressclass.kubernetes.io/is-default-class'
        ] === 'true',
    );
  }
  const c = classes.find(x => x.metadata.name === cls);
  return !!c && c.spec?.controller === MSE_INGRESS_CONTROLLER;
}
