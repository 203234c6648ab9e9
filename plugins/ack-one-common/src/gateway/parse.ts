/**
 * Turning MSE Ingresses into gateway routes: main (non-canary) Ingresses
 * define routes, canary Ingresses attach to them. Problems are returned as
 * issues, never thrown.
 */

import {
  ann,
  CLUSTER_TOPOLOGY_LABEL,
  GATEWAY_ANNOTATIONS,
  IGNORED_ANNOTATIONS,
  isMseIngress,
  MSE,
  MSE_INGRESS_CONTROLLER,
  NGINX,
  parseSubsetLabels,
} from './annotations';
import {
  CanaryRule,
  GatewayIssue,
  GatewayRoute,
  IngressClassLike,
  IngressLike,
  ParseResult,
  RouteTarget,
} from './types';

type Routes = Map<string, GatewayRoute>;

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

/** Runs one Ingress's step, turning an unexpected exception into an issue. */
function guarded(id: string, issues: GatewayIssue[], step: () => void) {
  try {
    step();
  } catch (e) {
    issues.push({
      ingress: id,
      severity: 'error',
      message: `ingress could not be read: ${(e as Error)?.message ?? e}`,
    });
  }
}

/**
 * Decides what an Ingress is: skipped (not served by MSE), a canary, or a
 * main Ingress; reports ignored and misplaced annotations on the way.
 */
function classifyIngress(
  ing: IngressLike,
  id: string,
  ingressClasses: IngressClassLike[] | undefined,
  issues: GatewayIssue[],
): 'skip' | 'canary' | 'main' {
  if (ingressClasses && !isMseIngress(ing, ingressClasses)) {
    issues.push({
      ingress: id,
      severity: 'info',
      message: `ingress class "${
        ing.spec?.ingressClassName ?? ''
      }" is not served by ${MSE_INGRESS_CONTROLLER}; skipped`,
    });
    return 'skip';
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
  if (canary === 'true') return 'canary';
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
  return 'main';
}

/** Adds the routes (host + path -> service) of a main Ingress; the first definition of a route wins. */
function addMainRoutes(
  ing: IngressLike,
  id: string,
  ns: string,
  routes: Routes,
  issues: GatewayIssue[],
) {
  const rules = ing.spec?.rules ?? [];
  if (!rules.length) {
    issues.push({
      ingress: id,
      severity: 'warning',
      message: 'ingress has no rules; nothing to route',
    });
    return;
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
        ['Prefix', 'Exact', 'ImplementationSpecific'].includes(p.pathType ?? '')
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
}

/** Reads `canary-weight-total` (default 100) and `canary-weight` (capped at the total). */
function parseCanaryWeight(
  a: Record<string, string>,
  id: string,
  issues: GatewayIssue[],
): { weight?: number; weightTotal: number } {
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
  return { weight, weightTotal };
}

/** Reads `canary-by-header` with its optional `-value` or `-pattern`. */
function parseCanaryHeader(
  a: Record<string, string>,
  id: string,
  issues: GatewayIssue[],
): CanaryRule['header'] {
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
  return header;
}

/** Attaches a canary Ingress to the routes with the same host and path. */
function attachCanary(
  ing: IngressLike,
  id: string,
  routes: Routes,
  issues: GatewayIssue[],
) {
  const a = ing.metadata.annotations ?? {};
  const target = targetOf(ing, id, issues);
  const { weight, weightTotal } = parseCanaryWeight(a, id, issues);
  const header = parseCanaryHeader(a, id, issues);
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
      const rid = `${(rule.host ?? '').toLowerCase() || '*'} ${p.path || '/'}`;
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
  const routes: Routes = new Map();
  const canaries: Array<{ ing: IngressLike; id: string }> = [];
  for (const ing of ingresses) {
    const ns = ing.metadata?.namespace ?? 'default';
    const id = `${ns}/${ing.metadata?.name}`;
    guarded(id, issues, () => {
      const kind = classifyIngress(ing, id, opts.ingressClasses, issues);
      if (kind === 'canary') canaries.push({ ing, id });
      else if (kind === 'main') addMainRoutes(ing, id, ns, routes, issues);
    });
  }
  for (const { ing, id } of canaries) {
    guarded(id, issues, () => attachCanary(ing, id, routes, issues));
  }
  return { routes: [...routes.values()], issues };
}
