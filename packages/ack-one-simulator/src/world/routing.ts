/**
 * Per-request routing decisions of the gateway's data plane: which route a
 * request matches and which cluster serves it. The routes and their
 * per-cluster shares come from the shared gateway rules (`parseGatewayIngresses`,
 * `effectiveWeights`); only the data plane decides single requests.
 */

import {
  effectiveWeights,
  type GatewayRoute,
  type ReadyEndpoints,
} from '@internal/plugin-ack-one-common';

/** A route prepared for fast per-request decisions (see `pickFromCompiled`). */
export interface CompiledRoute {
  route: GatewayRoute;
  headerRules: Array<{
    header: string;
    value?: string;
    re?: RegExp;
    clusterId?: string;
    healthy: boolean;
  }>;
  /** cumulative percentages */
  clusters: string[];
  cumulative: number[];
  weights: Record<string, number>;
}

export function compileRoute(
  route: GatewayRoute,
  health: ReadyEndpoints,
): CompiledRoute {
  const weights = effectiveWeights(route, health);
  const clusters = Object.keys(weights).sort();
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of clusters) {
    acc += weights[c];
    cumulative.push(acc);
  }
  return {
    route,
    weights,
    clusters,
    cumulative,
    headerRules: route.canaries
      .filter(c => c.header)
      .map(c => ({
        header: c.header!.name,
        value: c.header!.value,
        re:
          c.header!.pattern !== undefined
            ? new RegExp(`^(?:${c.header!.pattern})$`)
            : undefined,
        clusterId: c.clusterId,
        healthy:
          c.clusterId === undefined
            ? Object.values(health).some(v => v > 0)
            : (health[c.clusterId] ?? 0) > 0,
      })),
  };
}

/**
 * Picks the cluster for one request: header canaries first (`value` exact
 * match, `pattern` regex, or the nginx convention "always"/"never" when
 * neither is set), then the weights. Returns undefined when no cluster can
 * serve (503).
 */
export function pickFromCompiled(
  c: CompiledRoute,
  getHeader: (name: string) => string | undefined,
  random: () => number = Math.random,
): string | undefined {
  for (const r of c.headerRules) {
    const v = getHeader(r.header);
    if (v === undefined) continue;
    let hit: boolean;
    if (r.value !== undefined) hit = v === r.value;
    else if (r.re) hit = r.re.test(v);
    else if (v === 'always') hit = true;
    else if (v === 'never') break;
    else hit = false;
    if (hit && r.healthy) {
      if (r.clusterId !== undefined) return r.clusterId;
      break;
    }
  }
  const n = c.clusters.length;
  if (n === 0) return undefined;
  const x = random() * c.cumulative[n - 1];
  for (let i = 0; i < n; i++) if (x < c.cumulative[i]) return c.clusters[i];
  return c.clusters[n - 1];
}

/** Convenience: picks a cluster for a request's headers (lower-case names). */
export function pickCluster(
  route: GatewayRoute,
  headers: Record<string, string | string[] | undefined>,
  health: ReadyEndpoints,
  random: () => number = Math.random,
): string | undefined {
  return pickFromCompiled(
    compileRoute(route, health),
    name => {
      const v = headers[name] ?? headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    },
    random,
  );
}

/** Matches a request path against a route (Prefix is element-wise, as in Kubernetes). */
export function routeMatchesPath(
  route: Pick<GatewayRoute, 'path' | 'pathType'>,
  path: string,
): boolean {
  if (route.pathType === 'Exact') return path === route.path;
  if (route.pathType === 'ImplementationSpecific')
    return path.startsWith(route.path);
  const p =
    route.path.endsWith('/') && route.path !== '/'
      ? route.path.slice(0, -1)
      : route.path;
  if (p === '/') return true;
  return path === p || path.startsWith(`${p}/`);
}

/** Finds the route for a host and path: exact host before wildcard, longest path first. */
export function findRoute<
  T extends Pick<GatewayRoute, 'host' | 'path' | 'pathType'>,
>(routes: T[], host: string, path: string): T | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  let best: T | undefined;
  for (const r of routes) {
    if (r.host && r.host !== h) continue;
    if (!routeMatchesPath(r, path)) continue;
    if (
      !best ||
      (r.host && !best.host) ||
      (!!r.host === !!best.host &&
        (r.path.length > best.path.length ||
          (r.pathType === 'Exact' && best.pathType !== 'Exact')))
    ) {
      best = r;
    }
  }
  return best;
}
