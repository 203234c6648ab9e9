/** Where a gateway Ingress sends its traffic: a pinned cluster (subset) or every cluster. */

import {
  ann,
  CLUSTER_TOPOLOGY_LABEL,
  GATEWAY_ANNOTATIONS,
  parseSubsetLabels,
} from './annotations';
import { GatewayIssue, GatewayRoute, IngressLike, RouteTarget } from './types';

/** Routes by id (`host path`) while Ingresses are read. */
export type Routes = Map<string, GatewayRoute>;

/** The route id (`host path`) of a rule's path. */
export function routeIdOf(host: string | undefined, path: string | undefined) {
  return `${(host ?? '').toLowerCase() || '*'} ${path || '/'}`;
}

/**
 * The target of an Ingress: the cluster `service-subset` (and
 * `subset-labels`) pin it to, or none (every cluster, by ready pods).
 */
export function targetOf(
  ing: IngressLike,
  id: string,
  issues: GatewayIssue[],
): RouteTarget {
  const a = ing.metadata.annotations;
  const subset = ann(a, 'service-subset');
  const rawLabels = a?.[GATEWAY_ANNOTATIONS.subsetLabels];
  const t: RouteTarget = { ingress: id };
  if (subset === undefined) {
    if (rawLabels !== undefined) {
      issues.push({
        ingress: id,
        severity: 'warning',
        message: 'subset-labels without service-subset is ignored',
      });
    }
    return t;
  }
  const s = subset.trim();
  if (s === '' || s === 'base') {
    t.subset = s;
    return t;
  }
  t.subset = s;
  if (rawLabels !== undefined) {
    const r = parseSubsetLabels(rawLabels);
    if (r.error) {
      issues.push({
        ingress: id,
        severity: 'error',
        message: `${r.error}; the service-subset "${s}" is taken as a cluster id`,
      });
      t.clusterId = s;
    } else {
      t.subsetLabels = r.labels;
      t.clusterId = r.labels![CLUSTER_TOPOLOGY_LABEL] ?? s;
    }
  } else {
    t.clusterId = s;
  }
  return t;
}
