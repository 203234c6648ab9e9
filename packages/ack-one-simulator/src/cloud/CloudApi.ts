import * as http from 'http';
import { AddressInfo } from 'net';
import { parse as parseQueryString } from 'querystring';
import { parse as parseYaml } from 'yaml';
import { firstHeader, gatewayError, RequestAuthenticator } from './auth';
import { flapBgpSessions } from './bgp';
import { CloudFaults, FaultState } from './cloudFaults';
import { CloudContext, CloudLogger, CloudTiming } from './context';
import { scheduleAgentConnect } from './cs';
import { ApiError, ErrorStyle, errorBody, internalError } from './errors';
import { FleetMembers } from './fleetSync';
import { checkClientToken } from './idempotency';
import { newRequestId, rfc3339 } from './ids';
import { CloudState, FullCloudState, KubeBridge } from './model';
import { Params } from './params';
import { resumeTransitions } from './resume';
import { productOf, resolveRoute, Product } from './routing';
import { CloudClock, REAL_CLOCK, Timers } from './scheduler';
import { FAST_TIMING } from './timing';

export type { CloudFaults, FailOptions } from './cloudFaults';

export interface CloudApiOptions {
  state: CloudState;
  credentials: Array<{ accessKeyId: string; accessKeySecret: string }>;
  bridge: KubeBridge;
  timing?: Partial<CloudTiming>;
  logger?: CloudLogger;
  /** The clock transitions run on (default: real timers). */
  clock?: CloudClock;
}

/** The `fast` timing profile: what the simulator uses unless told otherwise. */
export const DEFAULT_TIMING: CloudTiming = FAST_TIMING;

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Collections every state has once loaded (older saved worlds may lack the newer ones). */
const COLLECTIONS = [
  'vpcs',
  'clusters',
  'fleets',
  'vbrs',
  'bgpGroups',
  'bgpPeers',
  'bgpNetworks',
  'routeEntries',
  'cens',
  'tasks',
  'regions',
  'physicalConnections',
  'transitRouters',
  'trRouteTables',
  'trAttachments',
  'trAssociations',
  'trPropagations',
  'clientTokens',
] as const;

function flatQuery(raw: string): Params {
  const parsed = parseQueryString(raw);
  const out: Params = {};
  for (const [k, v] of Object.entries(parsed)) {
    out[k] = Array.isArray(v) ? v[0] : v;
  }
  return out;
}

const sleep = (ms: number) =>
  new Promise<void>(resolve => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });

/** A request as the dispatcher sees it. */
interface Incoming {
  requestId: string;
  hostId: string;
  method: string;
  rawPath: string;
  query: Params;
  action?: string;
  product?: Product;
}

/**
 * A local stand-in for the Alibaba Cloud OpenAPI endpoints that ACK One
 * automation uses: CS (ROA), ACK One Fleet (adcp RPC), VPC and CEN (RPC).
 * Requests are authenticated with ACS3-HMAC-SHA256 (and, for RPC, the
 * legacy HMAC-SHA1 query signature) as the real gateway does, and the
 * official SDKs can be pointed at it over plain HTTP.
 */
export class CloudApi {
  readonly state: CloudState;
  readonly faults: CloudFaults;

  private readonly bridge: KubeBridge;
  private readonly timing: CloudTiming;
  private readonly logger: CloudLogger;
  private readonly clock: CloudClock;
  private readonly timers: Timers;
  private readonly auth: RequestAuthenticator;
  private readonly faultState: FaultState;
  private readonly members: FleetMembers;
  private readonly calls: Record<string, number> = {};
  private readonly urlCache = new Map<string, string | undefined>();
  private readonly ctx: CloudContext;
  private server?: http.Server;

  constructor(opts: CloudApiOptions) {
    this.state = opts.state;
    this.bridge = opts.bridge;
    this.timing = { ...DEFAULT_TIMING, ...(opts.timing ?? {}) };
    this.logger = opts.logger ?? { info: () => {}, warn: () => {} };
    this.clock = opts.clock ?? REAL_CLOCK;
    this.timers = new Timers(this.clock, this.logger);
    this.auth = new RequestAuthenticator(opts.credentials);
    const state = this.normalisedState();
    this.members = new FleetMembers(
      state,
      this.bridge,
      this.logger,
      () => this.timers.isClosed,
    );
    this.faultState = new FaultState(this.timing, (target, downMs) =>
      flapBgpSessions(this.ctx, target, downMs),
    );
    this.faults = this.faultState.api();
    this.ctx = {
      state,
      bridge: this.bridge,
      timing: this.timing,
      logger: this.logger,
      schedule: (key, ms, fn) => this.timers.schedule(key, ms, fn),
      cancel: key => this.timers.cancel(key),
      now: () => this.clock.now(),
      duration: kind => this.faultState.duration(kind),
      takeCreationFailure: kind => this.faultState.takeCreationFailure(kind),
      serverUrl: (name, priv) => this.serverUrl(name, priv),
      contextName: clusterId => `${this.state.accountId}-${clusterId}`,
      memberStatus: (fleetId, clusterId) =>
        this.members.status(fleetId, clusterId),
      syncFleet: fleet => this.members.sync(fleet),
      detachEverywhere: cluster => this.members.detachEverywhere(cluster),
    };
    resumeTransitions(this.ctx);
  }

  /** Node http handler. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.process(req, res).catch(err => {
      this.logger.warn(`cloud api: unhandled error ${err?.stack ?? err}`);
      if (!res.headersSent) {
        res.writeHead(500, {
          'content-type': 'application/json;charset=utf-8',
        });
      }
      res.end('{"Code":"InternalError","Message":"internal error"}');
    });
  }

  async listen(
    port: number,
    host = '127.0.0.1',
  ): Promise<{ url: string; port: number }> {
    if (this.server) {
      throw new Error('CloudApi is already listening');
    }
    const server = http.createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const actual = (server.address() as AddressInfo).port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { url: `http://${urlHost}:${actual}`, port: actual };
  }

  async close(): Promise<void> {
    this.timers.close();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    }
  }

  /**
   * The agent of a registered cluster has connected from the IDC API server
   * `serverName`: the cluster goes from `waiting` (or `disconnected`) to
   * `running` after agentConnectMs.
   */
  markAgentConnected(
    registeredClusterId: string,
    serverName: string,
    opts?: { kubernetesVersion?: string },
  ): void {
    const cluster = this.state.clusters.find(
      c => c.clusterId === registeredClusterId,
    );
    if (!cluster) {
      throw new Error(`cluster ${registeredClusterId} not found`);
    }
    if (cluster.clusterType !== 'ExternalKubernetes') {
      throw new Error(
        `cluster ${registeredClusterId} is not a registered cluster`,
      );
    }
    cluster.kubeServer = serverName;
    if (opts?.kubernetesVersion) {
      cluster.currentVersion = opts.kubernetesVersion;
    } else if (!cluster.currentVersion) {
      cluster.currentVersion = '1.33.1';
    }
    cluster.updated = rfc3339();
    this.logger.info(
      `agent of ${registeredClusterId} connected from ${serverName}`,
    );
    scheduleAgentConnect(this.ctx, cluster);
  }

  /** The agent of a registered cluster lost its connection: `running` -> `disconnected`. */
  markAgentDisconnected(registeredClusterId: string): void {
    const cluster = this.state.clusters.find(
      c => c.clusterId === registeredClusterId,
    );
    if (!cluster || cluster.clusterType !== 'ExternalKubernetes') {
      throw new Error(`registered cluster ${registeredClusterId} not found`);
    }
    this.timers.cancel(`agent:${registeredClusterId}`);
    if (cluster.state === 'running') {
      cluster.state = 'disconnected';
      cluster.updated = rfc3339();
    }
  }

  callCount(): Record<string, number> {
    return { ...this.calls };
  }

  resetCallCount(): void {
    for (const k of Object.keys(this.calls)) {
      delete this.calls[k];
    }
  }

  // ---------------------------------------------------------------------------

  /** Fills in the collections an older saved state lacks. */
  private normalisedState(): FullCloudState {
    const state = this.state as any;
    for (const key of COLLECTIONS) {
      if (!Array.isArray(state[key])) {
        state[key] = [];
      }
    }
    if (!state.cenEditions || typeof state.cenEditions !== 'object') {
      state.cenEditions = {};
    }
    return state as FullCloudState;
  }

  private serverUrl(
    serverName: string,
    privateIpAddress: boolean,
  ): string | undefined {
    try {
      if (this.bridge.serverUrl) {
        return this.bridge.serverUrl(serverName, { privateIpAddress });
      }
      // without serverUrl, read the endpoint from a kubeconfig (cached: each call mints a token)
      const key = `${serverName}|${privateIpAddress}`;
      if (!this.urlCache.has(key)) {
        const kc = this.bridge.kubeconfig(serverName, {
          privateIpAddress,
          contextName: 'endpoint-probe',
        });
        const doc = parseYaml(kc.config);
        const url = doc?.clusters?.[0]?.cluster?.server;
        this.urlCache.set(key, typeof url === 'string' ? url : undefined);
      }
      return this.urlCache.get(key);
    } catch (err) {
      this.logger.warn(
        `cloud api: no endpoint for server ${serverName}: ${err}`,
      );
      return undefined;
    }
  }

  private readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(
            gatewayError(
              413,
              'RequestEntityTooLarge',
              'The request body is too large.',
            ),
          );
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private incoming(req: http.IncomingMessage): Incoming {
    const rawUrl = req.url ?? '/';
    const qIdx = rawUrl.indexOf('?');
    const query = flatQuery(qIdx >= 0 ? rawUrl.slice(qIdx + 1) : '');
    // V3 carries the action in headers; the legacy RPC signature in the query
    const action = firstHeader(req.headers['x-acs-action']) ?? query.Action;
    const version = firstHeader(req.headers['x-acs-version']) ?? query.Version;
    return {
      requestId: newRequestId(),
      hostId: firstHeader(req.headers.host) ?? 'localhost',
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath: qIdx >= 0 ? rawUrl.slice(0, qIdx) : rawUrl,
      query,
      action,
      product: productOf(version),
    };
  }

  private send(
    res: http.ServerResponse,
    requestId: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    if (res.writableEnded) {
      return;
    }
    res.writeHead(status, {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': requestId,
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  private async process(req: http.IncomingMessage, res: http.ServerResponse) {
    const inc = this.incoming(req);
    const countKey = inc.action ?? 'Unknown';
    this.calls[countKey] = (this.calls[countKey] ?? 0) + 1;
    let style: ErrorStyle = 'gateway';
    try {
      const body = await this.readBody(req);
      if (this.faultState.latencyMs > 0) {
        await sleep(this.faultState.latencyMs);
      }
      const contentType = firstHeader(req.headers['content-type']) ?? '';
      const form: Params =
        body.length &&
        contentType.startsWith('application/x-www-form-urlencoded')
          ? flatQuery(body.toString('utf8'))
          : {};
      this.auth.authenticate({ ...inc, headers: req.headers, body, form });
      const route = resolveRoute({ ...inc, form, body });
      style = route.style;
      this.faultState.checkCall();
      const result = await this.invoke(inc, route);
      this.send(res, inc.requestId, result.status, result.body);
    } catch (err) {
      this.sendError(res, inc, style, err);
    }
  }

  /** Runs a handler, answering a repeated ClientToken with its first result. */
  private async invoke(
    inc: Incoming,
    route: ReturnType<typeof resolveRoute>,
  ): Promise<{ status: number; body: unknown }> {
    const action = inc.action!;
    const replay = checkClientToken(this.ctx.state, action, route.params);
    if (replay.kind === 'replay') {
      return {
        status: replay.status,
        body: { ...replay.body, RequestId: inc.requestId },
      };
    }
    const result = await route.handler(this.ctx, {
      action,
      method: inc.method,
      params: route.params,
      body: route.jsonBody,
      pathParams: route.pathParams,
      requestId: inc.requestId,
    });
    const status = result.status ?? 200;
    if (replay.kind === 'new') {
      replay.remember(status, result.body);
    }
    return { status, body: result.body };
  }

  private sendError(
    res: http.ServerResponse,
    inc: Incoming,
    style: ErrorStyle,
    err: unknown,
  ) {
    const action = inc.action ?? '?';
    let apiError: ApiError;
    if (err instanceof ApiError) {
      apiError = err;
      if (err.status >= 500) {
        this.logger.warn(`cloud api: ${action} -> ${err.status} ${err.code}`);
      }
    } else {
      this.logger.warn(
        `cloud api: ${action} failed: ${(err as Error)?.stack ?? err}`,
      );
      apiError = internalError();
    }
    this.send(
      res,
      inc.requestId,
      apiError.status,
      errorBody(
        apiError,
        apiError.style ?? style,
        inc.requestId,
        inc.hostId,
        inc.product,
      ),
      apiError.headers,
    );
  }
}
