/** Per-cluster traffic shares of a gateway route, with failover to healthy clusters. */

import { GatewayRoute } from './types';

/**
 * Ready endpoints of the route's service, per cluster id (0 = unhealthy).
 *
 * @public
 */
export type ReadyEndpoints = Record<string, number>;

function spread(
  share: number,
  health: ReadyEndpoints,
  only?: string,
  out: Record<string, number> = {},
) {
  if (share <= 0) return out;
  if (only !== undefined) {
    out[only] = (out[only] ?? 0) + share;
    return out;
  }
  let total = 0;
  for (const v of Object.values(health)) total += Math.max(0, v);
  if (total <= 0) return out;
  for (const [c, v] of Object.entries(health)) {
    if (v > 0) out[c] = (out[c] ?? 0) + (share * v) / total;
  }
  return out;
}

/**
 * Per-cluster traffic percentages (summing to 100, or empty when no cluster
 * can serve) for requests that match no header rule. Weighted canaries take
 * their weight for their cluster; the rest goes to the base target (a pinned
 * cluster, or all clusters in proportion to ready pods). A share whose
 * cluster has no ready endpoint moves to the healthy clusters (failover).
 *
 * @public
 */
export function effectiveWeights(
  route: GatewayRoute,
  health: ReadyEndpoints,
): Record<string, number> {
  const healthy = (c?: string) => c === undefined || (health[c] ?? 0) > 0;
  const anyHealthy = Object.values(health).some(v => v > 0);
  if (!anyHealthy) return {};
  let canaryShare = 0;
  const out: Record<string, number> = {};
  const orphan: number[] = [];
  for (const c of route.canaries) {
    if (c.weight === undefined) continue;
    const share = Math.min(100 - canaryShare, (100 * c.weight) / c.weightTotal);
    if (share <= 0) continue;
    canaryShare += share;
    if (healthy(c.clusterId)) spread(share, health, c.clusterId, out);
    else orphan.push(share);
  }
  const baseShare = 100 - canaryShare;
  const baseOk = healthy(route.base.clusterId);
  if (baseOk) spread(baseShare, health, route.base.clusterId, out);
  else orphan.push(baseShare);
  const lost = orphan.reduce((a, b) => a + b, 0);
  if (lost > 0) {
    // failover: base share to the healthy canary/base targets if pinned there, else by pod count
    spread(lost, health, undefined, out);
  }
  for (const k of Object.keys(out)) if (out[k] <= 1e-9) delete out[k];
  return out;
}
