/**
 * Canary Ingresses (`canary: "true"`): their weight, their header rule, and
 * how they attach to the route with the same host and path.
 */

import { ann } from './annotations';
import { routeIdOf, Routes, targetOf } from './target';
import { CanaryRule, GatewayIssue, IngressLike } from './types';

function parseIntStrict(v: string): number | undefined {
  return /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
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

/** Adds a canary rule to every route its Ingress names; returns how many. */
function attachToRoutes(
  ing: IngressLike,
  id: string,
  rule: CanaryRule,
  routes: Routes,
  issues: GatewayIssue[],
): number {
  let attached = 0;
  for (const r of ing.spec?.rules ?? []) {
    for (const p of r.http?.paths ?? []) {
      const rid = routeIdOf(r.host, p.path);
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
        rule.weight !== undefined &&
        route.canaries.some(c => c.weight !== undefined)
      ) {
        issues.push({
          ingress: id,
          severity: 'warning',
          message: `route ${rid} has more than one weighted canary; weights are added up`,
        });
      }
      route.canaries.push({ ...rule });
      attached++;
    }
  }
  return attached;
}

/** Attaches a canary Ingress to the routes with the same host and path. */
export function attachCanary(
  ing: IngressLike,
  id: string,
  routes: Routes,
  issues: GatewayIssue[],
) {
  const a = ing.metadata.annotations ?? {};
  const target = targetOf(ing, id, issues);
  const { weight, weightTotal } = parseCanaryWeight(a, id, issues);
  const header = parseCanaryHeader(a, id, issues);
  const warn = (message: string) =>
    issues.push({ ingress: id, severity: 'warning', message });
  if (weight === undefined && !header)
    warn(
      'canary ingress has neither a valid weight nor a header; it receives no traffic',
    );
  if (!target.clusterId)
    warn(
      'canary ingress is not pinned to a cluster (service-subset); its traffic is spread like the base route',
    );
  const rule: CanaryRule = { ...target, weight, weightTotal, header };
  const attached = attachToRoutes(ing, id, rule, routes, issues);
  if (!attached && !(ing.spec?.rules ?? []).length)
    warn('canary ingress has no rules');
}
