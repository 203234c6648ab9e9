import type { Store } from '../Store';
import { KubeError, statusObject } from '../status';
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
  PolicyRule,
} from './bootstrap';
import { MASTERS_GROUP, UserInfo } from './users';

/** What a request does, as the authorizer sees it. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  /** false for non-resource URLs such as `/version` */
  resourceRequest: boolean;
  path?: string;
  namespace?: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const CRB = `${RBAC_GROUP}/clusterrolebindings`;
const RB = `${RBAC_GROUP}/rolebindings`;
const CR = `${RBAC_GROUP}/clusterroles`;
const ROLE = `${RBAC_GROUP}/roles`;

interface Binding {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: any[];
}

function subjectMatches(s: any, user: UserInfo, bindingNs?: string): string | undefined {
  switch (s?.kind) {
    case 'User':
      return s.name === user.username ? `User "${s.name}"` : undefined;
    case 'Group':
      return user.groups.includes(s.name) ? `Group "${s.name}"` : undefined;
    case 'ServiceAccount': {
      const ns = s.namespace ?? bindingNs;
      return user.username === `system:serviceaccount:${ns}:${s.name}`
        ? `ServiceAccount "${s.name}/${ns}"`
        : undefined;
    }
    default:
      return undefined;
  }
}

function has(list: string[] | undefined, v: string) {
  return !!list && (list.includes('*') || list.includes(v));
}

function resourceMatches(rule: PolicyRule, resource: string, sub?: string) {
  const combined = sub ? `${resource}/${sub}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (sub && r === `*/${sub}`) return true;
    if (sub && r === `${resource}/*`) return true;
  }
  return false;
}

function urlMatches(rule: PolicyRule, path: string) {
  return (rule.nonResourceURLs ?? []).some(
    u => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

/** Whether one PolicyRule allows the request (the RBAC rule semantics). */
export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path ?? '');
  if (!has(rule.apiGroups, a.apiGroup ?? '')) return false;
  if (!resourceMatches(rule, a.resource ?? '', a.subresource)) return false;
  if (!rule.resourceNames?.length) return true;
  return !!a.name && rule.resourceNames.includes(a.name);
}

/**
 * RBAC over the Roles, ClusterRoles and bindings stored in one cluster,
 * with the default policy for names that are not stored. Members of
 * `system:masters` are allowed everything without RBAC.
 */
export class Authorizer {
  constructor(private readonly store: Store) {}

  private bindings(namespace?: string): Binding[] {
    const out: Binding[] = [];
    const stored = new Set<string>();
    for (const b of this.store.iterate(CRB)) {
      stored.add(b.metadata.name);
      out.push({ kind: 'ClusterRoleBinding', name: b.metadata.name, roleRef: b.roleRef, subjects: b.subjects ?? [] });
    }
    for (const b of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
      if (!stored.has(b.metadata.name))
        out.push({ kind: 'ClusterRoleBinding', name: b.metadata.name, roleRef: b.roleRef, subjects: b.subjects });
    }
    if (namespace) {
      for (const b of this.store.iterate(RB, namespace))
        out.push({ kind: 'RoleBinding', name: b.metadata.name, namespace, roleRef: b.roleRef, subjects: b.subjects ?? [] });
    }
    return out;
  }

  private rulesOf(b: Binding): PolicyRule[] {
    const ref = b.roleRef ?? { kind: '', name: '' };
    if (ref.kind === 'Role') {
      if (!b.namespace) return [];
      return this.store.get(ROLE, b.namespace, ref.name)?.rules ?? [];
    }
    if (ref.kind !== 'ClusterRole') return [];
    const stored = this.store.get(CR, undefined, ref.name);
    if (stored) return stored.rules ?? [];
    return BOOTSTRAP_CLUSTER_ROLES[ref.name] ?? [];
  }

  /** The bindings that apply to `user` in `namespace`, with their rules. */
  applicable(user: UserInfo, namespace?: string) {
    const out: Array<{ binding: Binding; subject: string; rules: PolicyRule[] }> = [];
    for (const b of this.bindings(namespace)) {
      const subject = b.subjects
        .map(s => subjectMatches(s, user, b.namespace))
        .find(Boolean);
      if (subject) out.push({ binding: b, subject, rules: this.rulesOf(b) });
    }
    return out;
  }

  authorize(a: Attributes): Decision {
    if (a.user.groups.includes(MASTERS_GROUP)) return { allowed: true, reason: '' };
    const ns = a.resourceRequest ? a.namespace : undefined;
    for (const { binding, subject, rules } of this.applicable(a.user, ns)) {
      if (binding.kind === 'RoleBinding' && !a.resourceRequest) continue;
      if (!rules.some(r => ruleAllows(r, a))) continue;
      const where =
        binding.kind === 'RoleBinding'
          ? `RoleBinding "${binding.name}/${binding.namespace}"`
          : `ClusterRoleBinding "${binding.name}"`;
      return {
        allowed: true,
        reason: `RBAC: allowed by ${where} of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${subject}`,
      };
    }
    return { allowed: false, reason: '' };
  }
}

/** The 403 a denied request gets, worded as the API server words it. */
export function forbidden(a: Attributes): KubeError {
  const user = a.user.username;
  if (!a.resourceRequest) {
    return new KubeError(
      statusObject(403, 'Forbidden', `forbidden: User "${user}" cannot ${a.verb} path "${a.path}"`, {}),
    );
  }
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace
    ? `in the namespace "${a.namespace}"`
    : 'at the cluster scope';
  const reason = `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ''}" ${scope}`;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : `${a.resource}`;
  const message = a.name
    ? `${qualified} "${a.name}" is forbidden: ${reason}`
    : `${qualified} is forbidden: ${reason}`;
  return new KubeError(
    statusObject(403, 'Forbidden', message, {
      ...(a.name ? { name: a.name } : {}),
      ...(a.apiGroup ? { group: a.apiGroup } : {}),
      kind: a.resource,
    }),
  );
}

