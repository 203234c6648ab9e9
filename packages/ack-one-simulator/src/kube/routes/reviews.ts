import { sendJson } from '../http';
import { apiVersionOf } from '../resources';
import { errors } from '../status';
import { Attributes } from '../auth/rbac';
import { MASTERS_GROUP, UserInfo } from '../auth/users';
import type { RouteContext } from './context';

/**
 * The self-review types: SelfSubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectRulesReview (`kubectl auth can-i --list`) and
 * SelfSubjectReview (`kubectl auth whoami`), answered for the requesting
 * user from the cluster's RBAC and never stored.
 */
export function createReview(ctx: RouteContext, body: any) {
  const t = ctx.t;
  if (!body || typeof body !== 'object')
    throw errors.badRequest('the request body is not an object');
  if (body.kind && body.kind !== t.kind) {
    throw errors.badRequest(
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`,
    );
  }
  const base = {
    kind: t.kind,
    apiVersion: apiVersionOf(t),
    metadata: { ...(body.metadata ?? {}), creationTimestamp: null },
  };
  switch (t.kind) {
    case 'SelfSubjectAccessReview':
      return sendJson(ctx.res, 201, {
        ...base,
        spec: body.spec ?? {},
        status: accessReview(ctx, body.spec ?? {}),
      });
    case 'SelfSubjectRulesReview':
      return sendJson(ctx.res, 201, {
        ...base,
        spec: body.spec ?? {},
        status: rulesReview(ctx, body.spec?.namespace),
      });
    case 'SelfSubjectReview':
      return sendJson(ctx.res, 201, {
        ...base,
        status: { userInfo: userInfoOf(ctx.user) },
      });
    default:
      throw errors.methodNotAllowed();
  }
}

function userInfoOf(u: UserInfo) {
  return {
    username: u.username,
    ...(u.uid ? { uid: u.uid } : {}),
    groups: u.groups,
    ...(u.extra ? { extra: u.extra } : {}),
  };
}

function accessReview(ctx: RouteContext, spec: any) {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (!ra && !nra) {
    throw errors.invalid(
      'SelfSubjectAccessReview',
      '',
      'spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  const a: Attributes = ra
    ? {
        user: ctx.user,
        verb: String(ra.verb ?? ''),
        resourceRequest: true,
        namespace: ra.namespace || undefined,
        apiGroup: ra.group ?? '',
        resource: String(ra.resource ?? ''),
        subresource: ra.subresource || undefined,
        name: ra.name || undefined,
      }
    : {
        user: ctx.user,
        verb: String(nra.verb ?? ''),
        resourceRequest: false,
        path: String(nra.path ?? ''),
      };
  const d = ctx.authorizer.authorize(a);
  return { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) };
}

function rulesReview(ctx: RouteContext, namespace: string | undefined) {
  if (ctx.user.groups.includes(MASTERS_GROUP)) {
    return {
      resourceRules: [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
      ],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  }
  const resourceRules: any[] = [];
  const nonResourceRules: any[] = [];
  for (const { binding, rules } of ctx.authorizer.applicable(
    ctx.user,
    namespace || undefined,
  )) {
    for (const r of rules) {
      if (r.nonResourceURLs?.length) {
        if (binding.kind === 'ClusterRoleBinding')
          nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
        continue;
      }
      resourceRules.push({
        verbs: r.verbs,
        apiGroups: r.apiGroups ?? [],
        resources: r.resources ?? [],
        ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      });
    }
  }
  return { resourceRules, nonResourceRules, incomplete: false };
}
