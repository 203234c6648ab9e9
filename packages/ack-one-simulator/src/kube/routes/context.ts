import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeApi, PatchType, RequestContext } from '../KubeApi';
import type { ResourceType } from '../resources';
import type { Attributes, Authorizer } from '../auth/rbac';
import type { UserInfo } from '../auth/users';
import { forbidden } from '../auth/rbac';
import { parseFieldValidation } from '../fieldValidation';
import { errors, invalidOptions } from '../status';

/** One request to a resource path, parsed. */
export interface RouteContext {
  api: KubeApi;
  req: IncomingMessage;
  res: ServerResponse;
  q: URLSearchParams;
  t: ResourceType;
  namespace?: string;
  name?: string;
  sub?: string;
  user: UserInfo;
  authorizer: Authorizer;
  /** closers of open watches, for shutdown */
  watchCloses: Set<() => void>;
}

/** `/api/v1/...` or `/apis/<group>/<version>/...`, split. */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  sub?: string;
}

export function parseResourcePath(path: string): ResourcePath {
  const segs = path.split('/').slice(1).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs[1] === 'v1') {
    group = '';
    version = 'v1';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else throw errors.pathNotFound();
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, sub] = rest;
  if (!plural || rest.length > 3) throw errors.pathNotFound();
  return { group, version, namespace, plural, name, sub };
}

/** The RBAC verb of a request. */
export function verbOf(method: string, p: ResourcePath, q: URLSearchParams) {
  const watch = q.get('watch') === 'true' || q.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return p.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return p.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** Throws 403 Forbidden unless the user may do `verb` on the request's object. */
export function authorize(ctx: RouteContext, verb: string) {
  const a: Attributes = {
    user: ctx.user,
    verb,
    resourceRequest: true,
    namespace: ctx.namespace,
    apiGroup: ctx.t.group,
    resource: ctx.t.plural,
    subresource: ctx.sub,
    name: ctx.name,
  };
  if (!ctx.authorizer.authorize(a).allowed) throw forbidden(a);
}

/**
 * The field manager, field validation and force of a write. Without
 * `fieldManager`, the client's User-Agent up to the first `/` names it.
 */
export function requestContext(
  ctx: RouteContext,
  rawBody: string | undefined,
  patchType?: PatchType,
): RequestContext {
  const q = ctx.q;
  const ua = String(ctx.req.headers['user-agent'] ?? '');
  const fieldManager = q.get('fieldManager') ?? ua.split('/')[0];
  if (fieldManager.length > 128) {
    throw invalidOptions(
      patchType ? 'PatchOptions' : 'CreateOptions',
      'fieldManager',
      'FieldValueTooLong',
      'Too long: may not be more than 128 bytes',
    );
  }
  const force = q.get('force');
  if (force !== null && patchType && patchType !== 'apply') {
    throw invalidOptions(
      'PatchOptions',
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
  }
  return {
    fieldManager: patchType === 'apply' ? q.get('fieldManager') ?? '' : fieldManager,
    fieldValidation: parseFieldValidation(q.get('fieldValidation')),
    force: force === 'true' || force === '1',
    rawBody,
    warnings: [],
  };
}
