/**
 * ACK One multi-cluster gateway (MSE Ingress) vocabulary and routing rules.
 *
 * An Ingress on the Fleet whose class is served by the MSE controller
 * (`mse.alibabacloud.com/ingress`, IngressClass parameters pointing to a
 * `MseIngressConfig`) routes a host/path to a Service that exists, with the
 * same name and namespace, in every associated cluster. This module turns
 * such Ingresses into routes and decides, purely, which cluster serves a
 * request. It is shared by the simulator's data plane and the Backstage
 * plugins.
 *
 * Provenance of the annotation names (see the research report, section 3):
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

export const MSE_INGRESS_CONTROLLER = 'mse.alibabacloud.com/ingress';
export const MSE_INGRESS_CONFIG_KIND = 'MseIngressConfig';
export const MSE_API_GROUP = 'mse.alibabacloud.com';
/** Pod label carrying the cluster id (set by the web-demo chart). */
export const CLUSTER_TOPOLOGY_LABEL = 'topology.istio.io/cluster';
/** ASSUMED: associated clusters on a Fleet MseIngressConfig. */
export const MSE_REMOTE_CLUSTERS_ANNOTATION =
  'mse.alibabacloud.com/remote-clusters';

const NGINX = 'nginx.ingress.kubernetes.io/';
const MSE = 'mse.ingress.kubernetes.io/';

/** Annotation names (the nginx prefix; the `mse.ingress.kubernetes.io/` prefix is equivalent). */
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

const IGNORED_ANNOTATIONS = [
  'destination',
  'canary-by-cookie',
  'canary-by-cookie-value',
  'canary-by-query',
  'canary-by-query-value',
  'canary-by-query-pattern',
  'mirror-target-service',
];

/** The parts of a networking.k8s.io/v1 Ingress this module reads. */
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
      http?: {
        paths?: Array<{
          path?: string;
          pathType?: string;
          backend?: IngressBackendLike;
        }>;
      };
    }>;
  };
}

export interface IngressBackendLike {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: unknown;
}

export interface IngressClassLike {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: {
    controller?: string;
    parameters?: { apiGroup?: string; kind?: string; name?: string };
  };
}

export interface GatewayIssue {
  /** `namespace/name` of the Ingress */
  ingress: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Where a rule sends traffic: a cluster (subset) or, when absent, all clusters by pod count. */
export interface RouteTarget {
  ingress: string;
  /** pinned cluster id (from service-subset/subset-labels), undefined = all clusters */
  clusterId?: string;
  subset?: string;
  subsetLabels?: Record<string, string>;
}

export interface CanaryRule extends RouteTarget {
  /** 0..weightTotal, undefined when the canary is header-only */
  weight?: number;
  weightTotal: number;
  header?: { name: string; value?: string; pattern?: string };
}

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

export interface ParseResult {
  routes: GatewayRoute[];
  issues: GatewayIssue[];
}

function ann(
  a: Record<string, string> | undefined,
  short: string,
): string | undefined {
  if (!a) return undefined;
  return a[`${MSE}${short}`] ?? a[`${NGINX}${short}`];
}

/** Parses `subset-labels`: lines (or comma-separated pairs) of `key value` or `key=value`/`key: value`. */
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

/** True when an Ingress is served by the MSE gateway, given the IngressClasses (default class `mse`). */
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

function targetOf(
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

function parseIntStrict(v: string): number | undefined {
  return /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
}

/**
 * Turns Ingresses into routes. Non-canary Ingresses define routes
 * (host + path -> service); canary Ingresses (`canary: "true"`) attach to
 * the route with the same host and path. Ingresses not served by MSE are
 * skipped when `ingressClasses` is given.
 */
export function parseGatewayIngresses(
  ingresses: IngressLike[],
  opts: { ingressClasses?: IngressClassLike[] } = {},
): ParseResult {
  const issues: GatewayIssue[] = [];
  const routes = new Map<string, GatewayRoute>();
  const canaries: Array<{ ing: IngressLike; id: string }> = [];
  for (const ing of ingresses) {
    const ns = ing.metadata?.namespace ?? 'default';
    const id = `${ns}/${ing.metadata?.name}`;
    try {
      if (opts.ingressClasses && !isMseIngress(ing, opts.ingressClasses)) {
        issues.push({
          ingress: id,
          severity: 'info',
          message: `ingress class "${
            ing.spec?.ingressClassName ?? ''
          }" is not served by ${MSE_INGRESS_CONTROLLER}; skipped`,
        });
        continue;
      }
      const a = ing.metadata.annotations ?? {};
      for (const k of IGNORED_ANNOTATIONS) {
        if (a[`${MSE}${k}`] !== undefined || a[`${NGINX}${k}`] !== undefined) {
          issues.push({
            ingress: id,
            severity: 'info',
            message: `annotation ${k} is not modelled; ignored`,
          });
        }
      }
      const canary = ann(a, 'canary');
      if (canary !== undefined && canary !== 'true' && canary !== 'false') {
        issues.push({
          ingress: id,
          severity: 'error',
          message: `canary must be "true" or "false", got "${canary}"; treated as not a canary`,
        });
      }
      if (canary === 'true') {
        canaries.push({ ing, id });
        continue;
      }
      for (const k of [
        'canary-weight',
        'canary-by-header',
        'canary-weight-total',
      ]) {
        if (ann(a, k) !== undefined) {
          issues.push({
            ingress: id,
            severity: 'warning',
            message: `${k} has no effect without canary: "true"`,
          });
        }
      }
      const rules = ing.spec?.rules ?? [];
      if (!rules.length) {
        issues.push({
          ingress: id,
          severity: 'warning',
          message: 'ingress has no rules; nothing to route',
        });
        continue;
      }
      const base = targetOf(ing, id, issues);
      for (const rule of rules) {
        for (const p of rule.http?.paths ?? []) {
          const svc = p.backend?.service;
          if (!svc?.name) {
            issues.push({
              ingress: id,
              severity: 'error',
              message: `path ${p.path ?? '/'} has no service backend; ignored`,
            });
            continue;
          }
          const host = (rule.host ?? '').toLowerCase();
          const path = p.path || '/';
          const rid = `${host || '*'} ${path}`;
          if (routes.has(rid)) {
            issues.push({
              ingress: id,
              severity: 'warning',
              message: `route ${rid} is already defined by ${
                routes.get(rid)!.base.ingress
              }; ignored`,
            });
            continue;
          }
          const pathType = (
            ['Prefix', 'Exact', 'ImplementationSpecific'].includes(
              p.pathType ?? '',
            )
              ? p.pathType
              : 'Prefix'
          ) as GatewayRoute['pathType'];
          routes.set(rid, {
            id: rid,
            host,
            path,
            pathType,
            namespace: ns,
            service: {
              name: svc.name,
              port: svc.port?.number ?? svc.port?.name,
            },
            base,
            canaries: [],
          });
        }
      }
    } catch (e) {
      issues.push({
        ingress: id,
        severity: 'error',
        message: `ingress could not be read: ${(e as Error)?.message ?? e}`,
      });
    }
  }
  for (const { ing, id } of canaries) {
    try {
      const a = ing.metadata.annotations ?? {};
      const target = targetOf(ing, id, issues);
      let weightTotal = 100;
      const wt = ann(a, 'canary-weight-total');
      if (wt !== undefined) {
        const n = parseIntStrict(wt);
        if (n === undefined || n <= 0)
          issues.push({
            ingress: id,
            severity: 'error',
            message: `canary-weight-total "${wt}" is not a positive integer; 100 is used`,
          });
        else weightTotal = n;
      }
      let weight: number | undefined;
      const w = ann(a, 'canary-weight');
      if (w !== undefined) {
        const n = parseIntStrict(w);
        if (n === undefined)
          issues.push({
            ingress: id,
            severity: 'error',
            message: `canary-weight "${w}" is not a non-negative integer; ignored`,
          });
        else if (n > weightTotal) {
          issues.push({
            ingress: id,
            severity: 'warning',
            message: `canary-weight ${n} exceeds the total ${weightTotal}; capped`,
          });
          weight = weightTotal;
        } else weight = n;
      }
      let header: CanaryRule['header'];
      const h = ann(a, 'canary-by-header');
      if (h !== undefined) {
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(h)) {
          issues.push({
            ingress: id,
            severity: 'error',
            message: `canary-by-header "${h}" is not a valid header name; ignored`,
          });
        } else {
          header = { name: h.toLowerCase() };
          const hv = ann(a, 'canary-by-header-value');
          const hp = ann(a, 'canary-by-header-pattern');
          if (hv !== undefined) header.value = hv;
          else if (hp !== undefined) {
            try {
              // eslint-disable-next-line no-new
              new RegExp(hp);
              header.pattern = hp;
            } catch {
              issues.push({
                ingress: id,
                severity: 'error',
                message: `canary-by-header-pattern "${hp}" is not a valid regular expression; ignored`,
              });
            }
          }
        }
      } else if (
        ann(a, 'canary-by-header-value') !== undefined ||
        ann(a, 'canary-by-header-pattern') !== undefined
      ) {
        issues.push({
          ingress: id,
          severity: 'warning',
          message:
            'canary-by-header-value/pattern without canary-by-header is ignored',
        });
      }
      if (weight === undefined && !header) {
        issues.push({
          ingress: id,
          severity: 'warning',
          message:
            'canary ingress has neither a valid weight nor a header; it receives no traffic',
        });
      }
      if (!target.clusterId) {
        issues.push({
          ingress: id,
          severity: 'warning',
          message:
            'canary ingress is not pinned to a cluster (service-subset); its traffic is spread like the base route',
        });
      }
      let attached = 0;
      for (const rule of ing.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const rid = `${(rule.host ?? '').toLowerCase() || '*'} ${
            p.path || '/'
          }`;
          const route = routes.get(rid);
          if (!route) {
            issues.push({
              ingress: id,
              severity: 'error',
              message: `canary for ${rid} has no main (non-canary) ingress; ignored`,
            });
            continue;
          }
          if (
            route.canaries.some(c => c.weight !== undefined) &&
            weight !== undefined
          ) {
            issues.push({
              ingress: id,
              severity: 'warning',
              message: `route ${rid} has more than one weighted canary; weights are added up`,
            });
          }
          route.canaries.push({ ...target, weight, weightTotal, header });
          attached++;
        }
      }
      if (!attached && !(ing.spec?.rules ?? []).length) {
        issues.push({
          ingress: id,
          severity: 'warning',
          message: 'canary ingress has no rules',
        });
      }
    } catch (e) {
      issues.push({
        ingress: id,
        severity: 'error',
        message: `ingress could not be read: ${(e as Error)?.message ?? e}`,
      });
    }
  }
  return { routes: [...routes.values()], issues };
}

/** Ready endpoints of the route's service, per cluster id (0 = unhealthy). */
export type ClusterHealth = Record<string, number>;

function spread(
  share: number,
  health: ClusterHealth,
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
 */
export function effectiveWeights(
  route: GatewayRoute,
  health: ClusterHealth,
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
  health: ClusterHealth,
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
  health: ClusterHealth,
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
