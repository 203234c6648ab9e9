import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { KubeApi, patchTypeOf } from './KubeApi';
import { errors, KubeError, statusObject } from './status';
import { fieldMatcher, labelMatcher } from './selectors';
import { toTable } from './table';
import { apiVersionOf, ResourceRegistry, ResourceType } from './resources';
import { createHash } from 'node:crypto';
import { cachedJson, cachedJsonBuffer, EventType, StoreEvent } from './Store';

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');
import type { WorldPki } from './certs';
import { Controllers, ControllerOptions } from './controllers';

export interface KubeServerOptions {
  /** server name, e.g. `idc`, `ack`, `fleet` or a cluster id */
  name: string;
  pki: WorldPki;
  host?: string;
  /** 0 or undefined = random free port */
  port?: number;
  /** bearer tokens accepted (token -> expiry in ms since epoch, or undefined for no expiry) */
  tokens?: Record<string, number | undefined>;
  /** watch history (events); older resourceVersions get 410 Gone */
  historySize?: number;
  kubernetesVersion?: string;
  controllers?: ControllerOptions;
  serviceCidrPrefix?: string;
}

export type OfflineMode = 'refuse' | '503';

const JSON_HEADERS = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache, private',
};

function sendJson(res: ServerResponse, code: number, body: unknown) {
  const s = JSON.stringify(body);
  res.writeHead(code, {
    ...JSON_HEADERS,
    'Content-Length': Buffer.byteLength(s),
  });
  res.end(s);
}

function sendError(res: ServerResponse, e: unknown) {
  if (e instanceof KubeError) return sendJson(res, e.code, e.status);
  return sendJson(
    res,
    500,
    statusObject(
      500,
      'InternalError',
      `Internal error occurred: ${(e as Error)?.message ?? e}`,
    ),
  );
}

function readBody(
  req: IncomingMessage,
  limit = 16 * 1024 * 1024,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(
          new KubeError(
            statusObject(
              413,
              'RequestEntityTooLarge',
              'request entity too large',
            ),
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonBody(s: string): any {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw errors.badRequest(
      `error decoding request body: ${(e as Error).message}`,
    );
  }
}

function registryHash(reg: ResourceRegistry): string {
  return createHash('sha256')
    .update(
      reg
        .all()
        .map(t => `${t.group}/${t.version}/${t.plural}`)
        .join(','),
    )
    .digest('hex')
    .slice(0, 32)
    .toUpperCase();
}

/**
 * A minimal OpenAPI v3 discovery: one document per group/version with the
 * PATCH operation of each resource, tagged with its GVK and the
 * `fieldValidation` query parameter. That is what kubectl checks to use
 * server-side field validation instead of downloading schemas for
 * client-side validation. No schemas are published, so kubectl apply uses
 * its compiled-in types for strategic merge patches (JSON merge patch for
 * custom resources), as with a server without OpenAPI.
 */
function openApiV3Root(reg: ResourceRegistry) {
  const hash = registryHash(reg);
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [g, versions] of reg.groups()) {
    for (const v of versions) {
      const p = g ? `apis/${g}/${v}` : `api/${v}`;
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
  }
  return { paths };
}

function openApiV3Doc(reg: ResourceRegistry, gvPath: string) {
  const parts = gvPath.split('/');
  const group = parts[0] === 'api' ? '' : parts[1];
  const version = parts[parts.length - 1];
  const types = reg
    .all()
    .filter(t => t.group === group && t.version === version);
  if (!types.length) return undefined;
  const paths: Record<string, any> = {};
  for (const t of types) {
    const base = `/${gvPath}${t.namespaced ? '/namespaces/{namespace}' : ''}/${
      t.plural
    }/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
        parameters: [
          {
            name: 'dryRun',
            in: 'query',
            schema: { type: 'string', uniqueItems: true },
          },
          {
            name: 'fieldManager',
            in: 'query',
            schema: { type: 'string', uniqueItems: true },
          },
          {
            name: 'fieldValidation',
            in: 'query',
            schema: { type: 'string', uniqueItems: true },
          },
          {
            name: 'force',
            in: 'query',
            schema: { type: 'boolean', uniqueItems: true },
          },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.31.1' },
    paths,
    components: { schemas: {} },
  };
}

function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=Table');
}

/**
 * One simulated Kubernetes API server: HTTPS with the world's serving
 * certificate, bearer-token authentication, discovery, the CRUD/patch/watch
 * verbs over the object store, server-side tables, and fault switches
 * (offline, latency). Controllers (deployments, pods, endpoints) run
 * in-process.
 */
export class KubeServer {
  readonly name: string;
  readonly api: KubeApi;
  readonly controllers: Controllers;
  private readonly tokens = new Map<string, number | undefined>();
  private server?: https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watchCloses = new Set<() => void>();
  private _port = 0;
  private latencyMs = 0;
  private offline: OfflineMode | undefined;
  private readonly version: string;
  /** requests served, for benchmarks/diagnostics */
  requestCount = 0;

  constructor(private readonly opts: KubeServerOptions) {
    this.name = opts.name;
    this.api = new KubeApi({
      historySize: opts.historySize,
      serviceCidrPrefix: opts.serviceCidrPrefix,
    });
    for (const [t, exp] of Object.entries(opts.tokens ?? {}))
      this.tokens.set(t, exp);
    this.version = opts.kubernetesVersion ?? '1.31.1-aliyun.1';
    this._port = opts.port ?? 0;
    this.controllers = new Controllers(this.api, opts.controllers ?? {});
  }

  get port() {
    return this._port;
  }

  get host() {
    return this.opts.host ?? '127.0.0.1';
  }

  get url() {
    const h = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `https://${h}:${this._port}`;
  }

  get caCertPem() {
    return this.opts.pki.caCertPem;
  }

  addToken(token: string, expiresAt?: number) {
    this.tokens.set(token, expiresAt);
  }

  revokeToken(token: string) {
    this.tokens.delete(token);
  }

  /** tokens, for saving a world */
  tokenEntries(): Array<[string, number | undefined]> {
    return [...this.tokens.entries()];
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = https.createServer(
      {
        key: this.opts.pki.serverKeyPem,
        cert: this.opts.pki.serverCertPem,
        keepAlive: true,
      },
      (req, res) => this.handle(req, res),
    );
    server.keepAliveTimeout = 60_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this._port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this._port = (server.address() as any).port;
    this.server = server;
    this.controllers.start();
  }

  private async closeListener() {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const c of [...this.watchCloses]) c();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    this.controllers.stop();
    await this.closeListener();
  }

  // ---- faults ----

  /** Takes the server offline: `refuse` closes the port, `503` answers every request with 503. */
  async setOffline(mode: OfflineMode) {
    this.offline = mode;
    if (mode === 'refuse') await this.closeListener();
    else for (const c of [...this.watchCloses]) c();
  }

  async setOnline() {
    const wasRefusing = this.offline === 'refuse';
    this.offline = undefined;
    if (wasRefusing || !this.server) await this.start();
  }

  setLatency(ms: number) {
    this.latencyMs = Math.max(0, ms);
  }

  faultState() {
    return {
      offline: this.offline ?? false,
      latencyMs: this.latencyMs,
      podsUnready: this.controllers.podsUnready,
    };
  }

  // ---- HTTP ----

  private authenticated(req: IncomingMessage): boolean {
    const h = req.headers.authorization;
    if (!h || !h.startsWith('Bearer ')) return false;
    const tok = h.slice(7).trim();
    if (!this.tokens.has(tok)) return false;
    const exp = this.tokens.get(tok);
    return exp === undefined || exp > Date.now();
  }

  handle(req: IncomingMessage, res: ServerResponse) {
    this.requestCount++;
    if (this.latencyMs > 0) {
      setTimeout(() => this.dispatch(req, res), this.latencyMs);
    } else this.dispatch(req, res);
  }

  private dispatch(req: IncomingMessage, res: ServerResponse) {
    if (this.offline === '503') {
      sendJson(
        res,
        503,
        statusObject(
          503,
          'ServiceUnavailable',
          'the server is currently unable to handle the request',
        ),
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'https://x');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!this.authenticated(req)) {
      sendJson(res, 401, statusObject(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    this.route(req, res, url, path).catch(e => {
      if (!res.headersSent) sendError(res, e);
      else res.end();
    });
  }

  private discovery(path: string, res: ServerResponse): boolean {
    const reg = this.api.registry;
    if (path === '/version') {
      const [major, minor] = this.version.split('.');
      sendJson(res, 200, {
        major,
        minor,
        gitVersion: `v${this.version}`,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2024-10-01T00:00:00Z',
        goVersion: 'go1.22.7',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
      return true;
    }
    if (path === '/api') {
      sendJson(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          {
            clientCIDR: '0.0.0.0/0',
            serverAddress: `${this.host}:${this._port}`,
          },
        ],
      });
      return true;
    }
    if (path === '/apis') {
      const groups = [];
      for (const [g, versions] of reg.groups()) {
        if (!g) continue;
        groups.push({
          name: g,
          versions: versions.map(v => ({
            groupVersion: `${g}/${v}`,
            version: v,
          })),
          preferredVersion: {
            groupVersion: `${g}/${versions[0]}`,
            version: versions[0],
          },
        });
      }
      sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
      return true;
    }
    if (path === '/api/v1') {
      sendJson(res, 200, reg.resourceList('', 'v1'));
      return true;
    }
    let m = /^\/apis\/([^/]+)$/.exec(path);
    if (m) {
      const versions = reg.groups().get(m[1]);
      if (!versions) throw errors.pathNotFound();
      sendJson(res, 200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        name: m[1],
        versions: versions.map(v => ({
          groupVersion: `${m![1]}/${v}`,
          version: v,
        })),
        preferredVersion: {
          groupVersion: `${m[1]}/${versions[0]}`,
          version: versions[0],
        },
      });
      return true;
    }
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const versions = reg.groups().get(m[1]);
      if (!versions?.includes(m[2])) throw errors.pathNotFound();
      sendJson(res, 200, reg.resourceList(m[1], m[2]));
      return true;
    }
    if (path === '/openapi/v3') {
      sendJson(res, 200, openApiV3Root(reg));
      return true;
    }
    m = /^\/openapi\/v3\/(api\/v1|apis\/[^/]+\/[^/]+)$/.exec(path);
    if (m) {
      const doc = openApiV3Doc(reg, m[1]);
      if (!doc) throw errors.pathNotFound();
      sendJson(res, 200, doc);
      return true;
    }
    if (path.startsWith('/openapi/')) {
      // no OpenAPI v2: kubectl falls back to v3 / its compiled-in schemas
      throw errors.pathNotFound();
    }
    return false;
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    path: string,
  ) {
    if (this.discovery(path, res)) return;
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
    const t = this.api.resolve(group, version, plural);
    if (namespace !== undefined && !t.namespaced) throw errors.pathNotFound();
    if (sub && !t.subresources?.includes(sub as any))
      throw errors.pathNotFound();
    const q = url.searchParams;
    const dryRun = q.getAll('dryRun').includes('All');
    const method = req.method ?? 'GET';
    const accept = req.headers.accept;

    if (!name) {
      if (method === 'GET') {
        if (q.get('watch') === 'true' || q.get('watch') === '1')
          return this.watch(req, res, t, namespace, q);
        return this.list(res, t, namespace, q, accept);
      }
      if (method === 'POST') {
        const body = parseJsonBody(await readBody(req));
        const created = this.api.create(
          t,
          namespace ?? body?.metadata?.namespace,
          body,
          { dryRun },
        );
        return sendJson(res, 201, created);
      }
      if (method === 'DELETE') {
        const label = labelMatcher(q.get('labelSelector') ?? undefined);
        const field = fieldMatcher(q.get('fieldSelector') ?? undefined);
        const items = this.api.store.list(this.api.key(t), {
          namespace,
          label,
          field,
        }).items;
        const deleted = items.map(o =>
          this.api.delete(t, o.metadata.namespace, o.metadata.name, { dryRun }),
        );
        return sendJson(res, 200, {
          kind: `${t.kind}List`,
          apiVersion: apiVersionOf(t),
          metadata: { resourceVersion: this.api.store.currentRv() },
          items: deleted,
        });
      }
      throw errors.methodNotAllowed();
    }

    switch (method) {
      case 'GET': {
        const obj = this.api.get(t, namespace, name);
        if (sub === 'scale')
          return sendJson(res, 200, this.api.scaleOf(t, obj));
        if (wantsTable(accept) && !sub) {
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
      case 'PUT': {
        const body = parseJsonBody(await readBody(req));
        if (sub === 'scale') {
          const existing = this.api.get(t, namespace, name);
          return sendJson(
            res,
            200,
            this.api.writeScale(t, existing, body, { dryRun }),
          );
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
        return sendJson(
          res,
          200,
          this.api.update(t, obj, { dryRun, subresource: sub }),
        );
      }
      case 'PATCH': {
        const type = patchTypeOf(req.headers['content-type']);
        const raw = await readBody(req);
        const existed = !!this.api.store.get(
          this.api.key(t),
          t.namespaced ? namespace : undefined,
          name,
        );
        const out = this.api.patch(t, namespace, name, type, raw, {
          dryRun,
          subresource: sub,
        });
        return sendJson(res, existed ? 200 : 201, out);
      }
      case 'DELETE': {
        let preconditions: any;
        const raw = await readBody(req);
        if (raw.trim()) {
          const opts = parseJsonBody(raw);
          preconditions = opts?.preconditions;
        }
        const deleted = this.api.delete(t, namespace, name, {
          dryRun,
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
      default:
        throw errors.methodNotAllowed();
    }
  }

  private list(
    res: ServerResponse,
    t: ResourceType,
    namespace: string | undefined,
    q: URLSearchParams,
    accept: string | undefined,
  ) {
    const label = labelMatcher(q.get('labelSelector') ?? undefined);
    const field = fieldMatcher(q.get('fieldSelector') ?? undefined);
    const limit = q.get('limit') ? Number(q.get('limit')) : undefined;
    const r = this.api.store.list(this.api.key(t), {
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
    if (wantsTable(accept)) {
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

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    t: ResourceType,
    namespace: string | undefined,
    q: URLSearchParams,
  ) {
    const table = wantsTable(req.headers.accept);
    const includeObject = q.get('includeObject') ?? undefined;
    const labelSel = q.get('labelSelector') ?? undefined;
    const label = labelSel ? labelMatcher(labelSel) : undefined;
    const field = fieldMatcher(q.get('fieldSelector') ?? undefined);
    const rvParam = q.get('resourceVersion');
    const sendInitial = q.get('sendInitialEvents') === 'true';
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const store = this.api.store;
    const key = this.api.key(t);
    let sinceRv: number | undefined;
    if (rvParam && rvParam !== '0' && !sendInitial) {
      sinceRv = Number(rvParam);
      if (!Number.isFinite(sinceRv))
        throw errors.badRequest(`invalid resource version "${rvParam}"`);
    }
    res.writeHead(200, {
      'Content-Type': table
        ? 'application/json;as=Table;v=v1;g=meta.k8s.io'
        : 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.socket?.setNoDelay(true);
    // send the headers now: clients consider the watch established once they arrive
    res.flushHeaders();
    let first = true;
    const lineFor = (type: EventType | 'BOOKMARK' | 'ERROR', obj: any) => {
      if (table && type !== 'ERROR' && type !== 'BOOKMARK') {
        const tbl = toTable(
          t.kind,
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
    let closed = false;
    let unregister: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined; // eslint-disable-line prefer-const
    let bookmarkTimer: NodeJS.Timeout | undefined;
    const close = () => {
      if (closed) return;
      closed = true;
      unregister?.();
      if (timer) clearTimeout(timer);
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      this.watchCloses.delete(close);
      res.end();
    };
    this.watchCloses.add(close);
    req.on('close', close);
    res.on('close', close);
    const watcher = {
      filter: { namespace, label, field },
      send: (type: EventType, obj: any, _ev: StoreEvent) => {
        if (!closed) res.write(lineFor(type, obj));
      },
    };
    if (sinceRv === undefined) {
      const r = store.list(key, { namespace, label, field });
      let chunk = '';
      for (const o of r.items) {
        chunk += lineFor('ADDED', o);
        if (chunk.length > 65536) {
          res.write(chunk);
          chunk = '';
        }
      }
      if (chunk) res.write(chunk);
      if (sendInitial) {
        res.write(
          lineFor('BOOKMARK', {
            kind: t.kind,
            apiVersion: apiVersionOf(t),
            metadata: {
              resourceVersion: r.resourceVersion,
              annotations: { 'k8s.io/initial-events-end': 'true' },
            },
          }),
        );
      }
      unregister = store.watch(key, watcher);
    } else {
      try {
        unregister = store.watch(key, watcher, sinceRv);
      } catch (e) {
        if (e instanceof KubeError) {
          res.write(lineFor('ERROR', e.status));
          close();
          return;
        }
        throw e;
      }
    }
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const maxSeconds =
      timeout > 0 ? timeout : 1800 + Math.floor(Math.random() * 1800);
    timer = setTimeout(close, maxSeconds * 1000);
    if (bookmarks) {
      bookmarkTimer = setInterval(() => {
        if (!closed) {
          res.write(
            lineFor('BOOKMARK', {
              kind: t.kind,
              apiVersion: apiVersionOf(t),
              metadata: { resourceVersion: store.currentRv() },
            }),
          );
        }
      }, 60_000);
    }
  }
}
