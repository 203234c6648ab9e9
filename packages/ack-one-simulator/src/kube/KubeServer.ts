import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { KubeApi } from './KubeApi';
import { errors, statusObject } from './status';
import type { WorldPki } from './certs';
import { Controllers, ControllerOptions } from './controllers';
import { sendError, sendJson } from './http';
import { isDiscoveryPath, serveDiscovery } from './discovery';
import { Authorizer, forbidden } from './auth/rbac';
import { userOfToken, UserInfo } from './auth/users';
import {
  parseResourcePath,
  ResourcePath,
  RouteContext,
  verbOf,
} from './routes/context';
import { collection } from './routes/collection';
import { item } from './routes/item';

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
  /** e.g. `1.31.1-aliyun.1` (the default) */
  kubernetesVersion?: string;
  controllers?: ControllerOptions;
  serviceCidrPrefix?: string;
}

export type OfflineMode = 'refuse' | '503';

export const DEFAULT_KUBERNETES_VERSION = '1.31.1-aliyun.1';

/**
 * One simulated Kubernetes API server: HTTPS with the world's serving
 * certificate, bearer-token authentication, RBAC for restricted users,
 * discovery and OpenAPI, the CRUD/patch/apply/watch verbs over the object
 * store, server-side tables, and fault switches (offline, latency).
 * Controllers (deployments, pods, endpoints, events) run in-process.
 */
export class KubeServer {
  readonly name: string;
  readonly api: KubeApi;
  readonly controllers: Controllers;
  readonly authorizer: Authorizer;
  private readonly tokens = new Map<string, number | undefined>();
  private server?: https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watchCloses = new Set<() => void>();
  private _port = 0;
  private latencyMs = 0;
  private offline: OfflineMode | undefined;
  private version: string;
  private versionSource?: () => string | undefined;
  /** requests served, for benchmarks/diagnostics */
  requestCount = 0;

  constructor(private readonly opts: KubeServerOptions) {
    this.name = opts.name;
    this.api = new KubeApi({
      historySize: opts.historySize,
      serviceCidrPrefix: opts.serviceCidrPrefix,
    });
    this.authorizer = new Authorizer(this.api.store);
    for (const [t, exp] of Object.entries(opts.tokens ?? {}))
      this.tokens.set(t, exp);
    this.version = opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this._port = opts.port ?? 0;
    this.controllers = new Controllers(this.api, {
      ...(opts.controllers ?? {}),
      kubernetesVersion: () => this.kubernetesVersion,
    });
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

  /**
   * The Kubernetes version the server reports (`/version`) and its
   * kubelets run, without the leading `v`: the version source when one is
   * set (the cluster's version in the cloud model), else the configured
   * one.
   */
  get kubernetesVersion(): string {
    return this.versionSource?.() || this.version;
  }

  setKubernetesVersion(version: string) {
    this.version = version.replace(/^v/, '');
    this.controllers.versionChanged();
  }

  /** Follow a version kept elsewhere (e.g. a CS cluster's `current_version`). */
  setVersionSource(source: (() => string | undefined) | undefined) {
    this.versionSource = source;
    this.controllers.versionChanged();
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

  /** The user of a request's bearer token, or undefined when it is not accepted. */
  private authenticate(req: IncomingMessage): UserInfo | undefined {
    const h = req.headers.authorization;
    if (!h || !h.startsWith('Bearer ')) return undefined;
    const tok = h.slice(7).trim();
    if (!this.tokens.has(tok)) return undefined;
    const exp = this.tokens.get(tok);
    if (exp !== undefined && exp <= Date.now()) return undefined;
    return userOfToken(tok);
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
    const user = this.authenticate(req);
    if (!user) {
      sendJson(res, 401, statusObject(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    this.controllers.versionChanged();
    this.route(req, res, url, path, user).catch(e => {
      if (!res.headersSent) sendError(res, e);
      else res.end();
    });
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    path: string,
    user: UserInfo,
  ) {
    if (isDiscoveryPath(path)) {
      const a = { user, verb: 'get', resourceRequest: false, path };
      if (!this.authorizer.authorize(a).allowed) throw forbidden(a);
      serveDiscovery(
        {
          api: this.api,
          kubernetesVersion: this.kubernetesVersion,
          serverAddress: `${this.host}:${this._port}`,
        },
        path,
        res,
      );
      return;
    }
    const p = parseResourcePath(path);
    const ctx: RouteContext = {
      api: this.api,
      req,
      res,
      q: url.searchParams,
      t: undefined as any,
      namespace: p.namespace,
      name: p.name,
      sub: p.sub,
      user,
      authorizer: this.authorizer,
      watchCloses: this.watchCloses,
    };
    ctx.t = this.resolveType(ctx, p);
    if (p.name) await item(ctx);
    else await collection(ctx);
  }

  /** The type of a request; a restricted user is told 403 before 404, as RBAC runs first. */
  private resolveType(ctx: RouteContext, p: ResourcePath) {
    try {
      const t = this.api.resolve(p.group, p.version, p.plural);
      if (p.namespace !== undefined && !t.namespaced) throw new Error();
      if (p.sub && !t.subresources?.includes(p.sub as any)) throw new Error();
      return t;
    } catch {
      const a = {
        user: ctx.user,
        verb: verbOf(ctx.req.method ?? 'GET', p, ctx.q),
        resourceRequest: true,
        namespace: p.namespace,
        apiGroup: p.group,
        resource: p.plural,
        subresource: p.sub,
        name: p.name,
      };
      if (!this.authorizer.authorize(a).allowed) throw forbidden(a);
      throw errors.pathNotFound();
    }
  }
}
