/**
 * Turning MSE Ingresses into gateway routes: main (non-canary) Ingresses
 * define routes, canary Ingresses attach to them (`canary.ts`). Problems
 * are returned as issues, never thrown.
 */

import {
  ann,
  IGNORED_ANNOTATIONS,
  isMseIngress,
  MSE,
  MSE_INGRESS_CONTROLLER,
  NGINX,
} from './annotations';
import { attachCanary } from './canary';
import { routeIdOf, Routes, targetOf } from './target';
import {
  GatewayIssue,
  GatewayRoute,
  IngressClassLike,
  IngressLike,
  IngressPathLike,
  ParseResult,
  RouteTarget,
} from './types';

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

/** The route one path of a main Ingress defines, or undefined (with an issue) when it cannot. */
function routeOfPath(
  host: string,
  p: IngressPathLike,
  main: { id: string; ns: string; base: RouteTarget },
  routes: Routes,
  issues: GatewayIssue[],
): GatewayRoute | undefined {
  const svc = p.backend?.service;
  if (!svc?.name) {
    issues.push({
      ingress: main.id,
      severity: 'error',
      message: `path ${p.path ?? '/'} has no service backend; ignored`,
    });
    return undefined;
  }
  const rid = routeIdOf(host, p.path);
  const defined = routes.get(rid);
  if (defined) {
    issues.push({
      ingress: main.id,
      severity: 'warning',
      message: `route ${rid} is already defined by ${defined.base.ingress}; ignored`,
    });
    return undefined;
  }
  const pathType = (
    ['Prefix', 'Exact', 'ImplementationSpecific'].includes(p.pathType ?? '')
      ? p.pathType
      : 'Prefix'
  ) as GatewayRoute['pathType'];
  return {
    id: rid,
    host: host.toLowerCase(),
    path: p.path || '/',
    pathType,
    namespace: main.ns,
    service: { name: svc.name, port: svc.port?.number ?? svc.port?.name },
    base: main.base,
    canaries: [],
  };
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
  const main = { id, ns, base: targetOf(ing, id, issues) };
  for (const rule of rules)
    for (const p of rule.http?.paths ?? []) {
      const route = routeOfPath(rule.host ?? '', p, main, routes, issues);
      if (route) routes.set(route.id, route);
    }
}

/**
 * Turns Ingresses into routes. Non-canary Ingresses define routes
 * (host + path to service); canary Ingresses (`canary: "true"`) attach to
 * the route with the same host and path. Ingresses not served by MSE are
 * skipped when `ingressClasses` is given.
 *
 * @public
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
