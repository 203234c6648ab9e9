import { fieldMatcher, labelMatcher } from '../selectors';
import { toTable } from '../table';
import { apiVersionOf } from '../resources';
import { cachedJson, EventType, StoreEvent, WatchFilter } from '../Store';
import { wantsTable } from '../http';
import { errors, KubeError } from '../status';
import type { RouteContext } from './context';

type LineType = EventType | 'BOOKMARK' | 'ERROR';

/** Formats watch events as JSON lines (Table rows when asked for tables). */
function lineFormatter(ctx: RouteContext) {
  const table = wantsTable(ctx.req.headers.accept);
  const includeObject = ctx.q.get('includeObject') ?? undefined;
  let first = true;
  const line = (type: LineType, obj: any) => {
    if (table && type !== 'ERROR' && type !== 'BOOKMARK') {
      const tbl = toTable(
        ctx.t.kind,
        [obj],
        { resourceVersion: obj.metadata.resourceVersion },
        includeObject,
        first,
      );
      first = false;
      return `{"type":"${type}","object":${JSON.stringify(tbl)}}\n`;
    }
    if (type !== 'ERROR' && type !== 'BOOKMARK' && obj?.metadata?.uid) {
      return `{"type":"${type}","object":${cachedJson(obj)}}\n`;
    }
    return `${JSON.stringify({ type, object: obj })}\n`;
  };
  const bookmark = (rv: string, initialEnd: boolean) =>
    line('BOOKMARK', {
      kind: ctx.t.kind,
      apiVersion: apiVersionOf(ctx.t),
      metadata: {
        resourceVersion: rv,
        ...(initialEnd
          ? { annotations: { 'k8s.io/initial-events-end': 'true' } }
          : {}),
      },
    });
  return { table, line, bookmark };
}

/** The resourceVersion to resume from, or undefined to start with a list. */
function resumeFrom(q: URLSearchParams): number | undefined {
  const rvParam = q.get('resourceVersion');
  if (!rvParam || rvParam === '0' || q.get('sendInitialEvents') === 'true')
    return undefined;
  const rv = Number(rvParam);
  if (!Number.isFinite(rv))
    throw errors.badRequest(`invalid resource version "${rvParam}"`);
  return rv;
}

/**
 * A watch: newline-delimited JSON events over a chunked response, starting
 * with the current objects (or the events after `resourceVersion`), with
 * optional bookmarks and tables, closed after `timeoutSeconds`.
 */
export function watch(ctx: RouteContext) {
  const { req, res, q } = ctx;
  const labelSel = q.get('labelSelector') ?? undefined;
  const filter: WatchFilter = {
    namespace: ctx.namespace,
    label: labelSel ? labelMatcher(labelSel) : undefined,
    field: fieldMatcher(q.get('fieldSelector') ?? undefined),
  };
  const sinceRv = resumeFrom(q);
  const fmt = lineFormatter(ctx);
  res.writeHead(200, {
    'Content-Type': fmt.table
      ? 'application/json;as=Table;v=v1;g=meta.k8s.io'
      : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.socket?.setNoDelay(true);
  // send the headers now: clients consider the watch established once they arrive
  res.flushHeaders();
  let closed = false;
  const cleanups: Array<() => void> = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of cleanups) c();
    ctx.watchCloses.delete(close);
    res.end();
  };
  ctx.watchCloses.add(close);
  req.on('close', close);
  res.on('close', close);
  const watcher = {
    filter,
    send: (type: EventType, obj: any, _ev: StoreEvent) => {
      if (!closed) res.write(fmt.line(type, obj));
    },
  };
  const unregister = start(ctx, watcher, sinceRv, fmt);
  if (!unregister) {
    close();
    return;
  }
  cleanups.push(unregister);
  keepAlive(ctx, close, cleanups, () => closed, fmt.bookmark);
}

/** Sends the initial state (or replays history) and registers the watcher. */
function start(
  ctx: RouteContext,
  watcher: { filter: WatchFilter; send: (...a: any[]) => void },
  sinceRv: number | undefined,
  fmt: ReturnType<typeof lineFormatter>,
): (() => void) | undefined {
  const { api, res, q } = ctx;
  const key = api.key(ctx.t);
  if (sinceRv === undefined) {
    const r = api.store.list(key, watcher.filter);
    let chunk = '';
    for (const o of r.items) {
      chunk += fmt.line('ADDED', o);
      if (chunk.length > 65536) {
        res.write(chunk);
        chunk = '';
      }
    }
    if (chunk) res.write(chunk);
    if (q.get('sendInitialEvents') === 'true')
      res.write(fmt.bookmark(r.resourceVersion, true));
    return api.store.watch(key, watcher);
  }
  try {
    return api.store.watch(key, watcher, sinceRv);
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    res.write(fmt.line('ERROR', e.status));
    return undefined;
  }
}

/** Ends the watch after timeoutSeconds; sends bookmarks when allowed. */
function keepAlive(
  ctx: RouteContext,
  close: () => void,
  cleanups: Array<() => void>,
  isClosed: () => boolean,
  bookmark: (rv: string, initialEnd: boolean) => string,
) {
  const timeout = Number(ctx.q.get('timeoutSeconds') ?? 0);
  const maxSeconds =
    timeout > 0 ? timeout : 1800 + Math.floor(Math.random() * 1800);
  const timer = setTimeout(close, maxSeconds * 1000);
  cleanups.push(() => clearTimeout(timer));
  if (ctx.q.get('allowWatchBookmarks') !== 'true') return;
  const bookmarks = setInterval(() => {
    if (!isClosed())
      ctx.res.write(bookmark(ctx.api.store.currentRv(), false));
  }, 60_000);
  cleanups.push(() => clearInterval(bookmarks));
}
