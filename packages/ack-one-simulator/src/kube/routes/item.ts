import { patchTypeOf } from '../KubeApi';
import { toTable } from '../table';
import { parseJsonBody, readBody, sendJson, wantsTable } from '../http';
import { errors, statusObject } from '../status';
import { authorize, requestContext, RouteContext } from './context';
import { dryRun } from './collection';

/** Requests to one object (or its status / scale subresource). */
export async function item(ctx: RouteContext) {
  switch (ctx.req.method ?? 'GET') {
    case 'GET':
      authorize(ctx, 'get');
      return getItem(ctx);
    case 'PUT':
      authorize(ctx, 'update');
      return putItem(ctx);
    case 'PATCH':
      authorize(ctx, 'patch');
      return patchItem(ctx);
    case 'DELETE':
      authorize(ctx, 'delete');
      return deleteItem(ctx);
    default:
      throw errors.methodNotAllowed();
  }
}

function getItem(ctx: RouteContext) {
  const { api, t, namespace, name, sub, q, res } = ctx;
  const obj = api.get(t, namespace, name!);
  if (sub === 'scale') return sendJson(res, 200, api.scaleOf(t, obj));
  if (wantsTable(ctx.req.headers.accept) && !sub) {
    return sendJson(
      res,
      200,
      toTable(
        t.kind,
        [obj],
        { resourceVersion: obj.metadata.resourceVersion },
        q.get('includeObject') ?? undefined,
      ),
    );
  }
  return sendJson(res, 200, obj);
}

async function putItem(ctx: RouteContext) {
  const { api, t, namespace, sub, q, res } = ctx;
  const name = ctx.name!;
  const raw = await readBody(ctx.req);
  const body = parseJsonBody(raw);
  const request = requestContext(ctx, raw);
  const opts = { dryRun: dryRun(q), request, subresource: sub };
  if (sub === 'scale') {
    const existing = api.get(t, namespace, name);
    const scale = api.writeScale(t, existing, body, opts);
    return sendJson(res, 200, scale, request.warnings);
  }
  if (body?.metadata?.name && body.metadata.name !== name) {
    throw errors.badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  if (
    t.namespaced &&
    body?.metadata?.namespace &&
    body.metadata.namespace !== namespace
  ) {
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const obj = {
    ...body,
    metadata: { ...(body?.metadata ?? {}), name, namespace },
  };
  return sendJson(res, 200, api.update(t, obj, opts), request.warnings);
}

async function patchItem(ctx: RouteContext) {
  const { api, t, namespace, sub, q, res } = ctx;
  const name = ctx.name!;
  const type = patchTypeOf(ctx.req.headers['content-type']);
  const raw = await readBody(ctx.req);
  const request = requestContext(ctx, raw, type);
  const existed = !!api.store.get(
    api.key(t),
    t.namespaced ? namespace : undefined,
    name,
  );
  // an apply that creates the object needs the create permission too
  if (!existed && type === 'apply') authorize(ctx, 'create');
  const out = api.patch(t, namespace, name, type, raw, {
    dryRun: dryRun(q),
    subresource: sub,
    request,
  });
  return sendJson(res, existed ? 200 : 201, out, request.warnings);
}

async function deleteItem(ctx: RouteContext) {
  const { api, t, namespace, q, res } = ctx;
  const name = ctx.name!;
  let preconditions: any;
  const raw = await readBody(ctx.req);
  if (raw.trim()) preconditions = parseJsonBody(raw)?.preconditions;
  const deleted = api.delete(t, namespace, name, {
    dryRun: dryRun(q),
    preconditions,
  });
  if (
    t.kind === 'Pod' ||
    t.kind === 'Namespace' ||
    t.group.includes('.') ||
    t.group === 'argoproj.io'
  ) {
    return sendJson(res, 200, deleted);
  }
  return sendJson(res, 200, {
    ...statusObject(200, '', ''),
    status: 'Success',
    details: {
      name,
      group: t.group || undefined,
      kind: t.plural,
      uid: deleted.metadata.uid,
    },
  });
}
