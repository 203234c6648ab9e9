import { fieldMatcher, labelMatcher } from '../selectors';
import { toTable } from '../table';
import { apiVersionOf } from '../resources';
import { cachedJsonBuffer } from '../Store';
import {
  JSON_HEADERS,
  parseJsonBody,
  readBody,
  sendJson,
  wantsTable,
} from '../http';
import { errors } from '../status';
import { authorize, requestContext, RouteContext } from './context';
import { watch } from './watch';
import { createReview } from './reviews';

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');

/** Requests to a collection: list, watch, create, deletecollection. */
export async function collection(ctx: RouteContext) {
  const method = ctx.req.method ?? 'GET';
  const q = ctx.q;
  if (ctx.t.virtual) {
    if (method !== 'POST') throw errors.methodNotAllowed();
    authorize(ctx, 'create');
    return createReview(ctx, parseJsonBody(await readBody(ctx.req)));
  }
  if (method === 'GET') {
    const isWatch = q.get('watch') === 'true' || q.get('watch') === '1';
    authorize(ctx, isWatch ? 'watch' : 'list');
    return isWatch ? watch(ctx) : list(ctx);
  }
  if (method === 'POST') {
    authorize(ctx, 'create');
    const raw = await readBody(ctx.req);
    const body = parseJsonBody(raw);
    const request = requestContext(ctx, raw);
    const created = ctx.api.create(
      ctx.t,
      ctx.namespace ?? body?.metadata?.namespace,
      body,
      { dryRun: dryRun(q), request },
    );
    return sendJson(ctx.res, 201, created, request.warnings);
  }
  if (method === 'DELETE') {
    authorize(ctx, 'deletecollection');
    return deleteCollection(ctx);
  }
  throw errors.methodNotAllowed();
}

export function dryRun(q: URLSearchParams) {
  return q.getAll('dryRun').includes('All');
}

function deleteCollection(ctx: RouteContext) {
  const { api, t, namespace, q } = ctx;
  const label = labelMatcher(q.get('labelSelector') ?? undefined);
  const field = fieldMatcher(q.get('fieldSelector') ?? undefined);
  const items = api.store.list(api.key(t), { namespace, label, field }).items;
  const deleted = items.map(o =>
    api.delete(t, o.metadata.namespace, o.metadata.name, {
      dryRun: dryRun(q),
    }),
  );
  return sendJson(ctx.res, 200, {
    kind: `${t.kind}List`,
    apiVersion: apiVersionOf(t),
    metadata: { resourceVersion: api.store.currentRv() },
    items: deleted,
  });
}

function list(ctx: RouteContext) {
  const { api, t, namespace, q, res } = ctx;
  const label = labelMatcher(q.get('labelSelector') ?? undefined);
  const field = fieldMatcher(q.get('fieldSelector') ?? undefined);
  const limit = q.get('limit') ? Number(q.get('limit')) : undefined;
  const r = api.store.list(api.key(t), {
    namespace,
    label: q.get('labelSelector') ? label : undefined,
    field,
    limit,
    continueToken: q.get('continue') ?? undefined,
  });
  const metadata: any = { resourceVersion: r.resourceVersion };
  if (r.continue) metadata.continue = r.continue;
  if (r.remainingItemCount !== undefined)
    metadata.remainingItemCount = r.remainingItemCount;
  if (wantsTable(ctx.req.headers.accept)) {
    return sendJson(
      res,
      200,
      toTable(t.kind, r.items, metadata, q.get('includeObject') ?? undefined),
    );
  }
  // cached per-object bytes, concatenated: no re-serialisation of unchanged objects
  const head = Buffer.from(
    `{"kind":"${t.kind}List","apiVersion":"${apiVersionOf(
      t,
    )}","metadata":${JSON.stringify(metadata)},"items":[`,
  );
  const parts: Buffer[] = new Array(r.items.length * 2 + 1);
  parts[0] = head;
  for (let i = 0; i < r.items.length; i++) {
    parts[i * 2 + 1] = cachedJsonBuffer(r.items[i]);
    parts[i * 2 + 2] = i === r.items.length - 1 ? TAIL : COMMA;
  }
  if (r.items.length === 0) parts.push(TAIL);
  const body = Buffer.concat(parts.filter(Boolean));
  res.writeHead(200, { ...JSON_HEADERS, 'Content-Length': body.length });
  res.end(body);
}
