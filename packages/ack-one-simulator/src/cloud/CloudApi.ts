import { createHmac } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { parse as parseQueryString } from 'querystring';
import { parse as parseYaml } from 'yaml';
import { CEN_HANDLERS, scheduleCen } from './cen';
import {
  ApiRequest,
  ApiResponse,
  CloudContext,
  CloudLogger,
  CloudTiming,
  Handler,
  MemberStatus,
} from './context';
import {
  CS_HANDLERS,
  CS_ROUTES,
  startAckProvisioning,
  startClusterDeletion,
} from './cs';
import { ApiError, ErrorStyle, errorBody } from './errors';
import {
  FLEET_HANDLERS,
  startFleetDeletion,
  startFleetProvisioning,
} from './fleet';
import { newRequestId, rfc3339 } from './ids';
import { CloudState, KubeBridge, SimCluster, SimFleet } from './model';
import { Params } from './params';
import {
  ACS3_HMAC_SHA256,
  acsPercentEncode,
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  signString,
  signaturesEqual,
  stringToSign,
} from './signature';
import { evaluateBgpPeer, scheduleRouteEntry, VPC_HANDLERS } from './vpc';

export interface CloudApiOptions {
  state: CloudState;
  credentials: Array<{ accessKeyId: string; accessKeySecret: string }>;
  bridge: KubeBridge;
  timing?: Partial<CloudTiming>;
  logger?: CloudLogger;
}

export interface FailOptions {
  status?: number;
  code?: string;
  message?: string;
}

export interface CloudFaults {
  /** The next `n` API calls fail with this status/code (default 500 InternalError). */
  failNext(n: number, opts?: FailOptions): void;
  /** The next `n` API calls are throttled (400 Throttling.User). */
  throttleNext(n: number, opts?: { retryAfterMs?: number }): void;
  /** Every response is delayed by `ms`. */
  setLatency(ms: number): void;
  reset(): void;
}

type Product = 'cs' | 'adcp' | 'vpc' | 'cbn';

const PRODUCT_BY_VERSION: Record<string, Product> = {
  '2015-12-15': 'cs',
  '2022-01-01': 'adcp',
  '2016-04-28': 'vpc',
  '2017-09-12': 'cbn',
};

const RPC_HANDLERS: Record<Exclude<Product, 'cs'>, Record<string, Handler>> = {
  adcp: FLEET_HANDLERS,
  vpc: VPC_HANDLERS,
  cbn: CEN_HANDLERS,
};

export const DEFAULT_TIMING: CloudTiming = {
  fleetReadyMs: 2000,
  clusterReadyMs: 2000,
  bgpEstablishMs: 1500,
  agentConnectMs: 1000,
  routeReadyMs: 500,
};

/** Allowed clock skew for x-acs-date. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Headers every V3 request carries and signs. */
const REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

function gatewayError(status: number, code: string, message: string) {
  return new ApiError(status, code, message, { style: 'gateway' });
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

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
  private readonly secrets = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly nonces = new Map<string, number>();
  private readonly calls: Record<string, number> = {};
  private readonly memberStatuses = new Map<string, MemberStatus>();
  private readonly syncChains = new Map<string, Promise<void>>();
  private readonly urlCache = new Map<string, string | undefined>();
  private readonly ctx: CloudContext;
  private server?: http.Server;
  private closed = false;

  private failQueue: FailOptions[] = [];
  private throttleQueue: Array<{ retryAfterMs?: number }> = [];
  private latencyMs = 0;

  constructor(opts: CloudApiOptions) {
    this.state = opts.state;
    this.bridge = opts.bridge;
    this.timing = { ...DEFAULT_TIMING, ...(opts.timing ?? {}) };
    this.logger = opts.logger ?? { info: () => {}, warn: () => {} };
    for (const c of opts.credentials) {
      this.secrets.set(c.accessKeyId, c.accessKeySecret);
    }
    for (const key of [
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
    ] as const) {
      if (!Array.isArray(this.state[key])) {
        (this.state as any)[key] = [];
      }
    }

    this.faults = {
      failNext: (n, failOpts) => {
        for (let i = 0; i < n; i++) {
          this.failQueue.push({ ...(failOpts ?? {}) });
        }
      },
      throttleNext: (n, throttleOpts) => {
        for (let i = 0; i < n; i++) {
          this.throttleQueue.push({ ...(throttleOpts ?? {}) });
        }
      },
      setLatency: ms => {
        this.latencyMs = Math.max(0, ms);
      },
      reset: () => {
        this.failQueue = [];
        this.throttleQueue = [];
        this.latencyMs = 0;
      },
    };

    this.ctx = {
      state: this.state,
      bridge: this.bridge,
      timing: this.timing,
      logger: this.logger,
      schedule: (key, ms, fn) => this.schedule(key, ms, fn),
      serverUrl: (name, priv) => this.serverUrl(name, priv),
      contextName: clusterId => `${this.state.accountId}-${clusterId}`,
      memberStatus: (fleetId, clusterId) =>
        this.memberStatuses.get(`${fleetId}/${clusterId}`) ?? 'Successed',
      syncFleet: fleet => this.syncFleet(fleet),
      detachEverywhere: cluster => this.detachEverywhere(cluster),
    };

    this.resumeTransitions();
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
    this.closed = true;
    for (const t of this.timers.values()) {
      clearTimeout(t);
    }
    this.timers.clear();
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
    this.scheduleAgentConnect(cluster);
  }

  /** The agent of a registered cluster lost its connection: `running` -> `disconnected`. */
  markAgentDisconnected(registeredClusterId: string): void {
    const cluster = this.state.clusters.find(
      c => c.clusterId === registeredClusterId,
    );
    if (!cluster || cluster.clusterType !== 'ExternalKubernetes') {
      throw new Error(`registered cluster ${registeredClusterId} not found`);
    }
    this.clearTimer(`agent:${registeredClusterId}`);
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

  private scheduleAgentConnect(cluster: SimCluster) {
    const id = cluster.clusterId;
    const connect = () => {
      const current = this.state.clusters.find(c => c.clusterId === id);
      if (
        current &&
        current.kubeServer &&
        (current.state === 'waiting' || current.state === 'disconnected')
      ) {
        current.state = 'running';
        current.updated = rfc3339();
        this.logger.info(`registered cluster ${id} is running`);
      }
    };
    if (this.timing.agentConnectMs <= 0) {
      connect();
    } else {
      this.schedule(`agent:${id}`, this.timing.agentConnectMs, connect);
    }
  }

  private schedule(key: string, ms: number, fn: () => void) {
    if (this.closed) {
      return;
    }
    this.clearTimer(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.closed) {
        return;
      }
      try {
        fn();
      } catch (err) {
        this.logger.warn(`cloud api: transition ${key} failed: ${err}`);
      }
    }, Math.max(0, ms));
    timer.unref?.();
    this.timers.set(key, timer);
  }

  private clearTimer(key: string) {
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t);
      this.timers.delete(key);
    }
  }

  /** Restarts the transitions of resources that were mid-way when the state was saved. */
  private resumeTransitions() {
    for (const c of this.state.clusters) {
      if (c.state === 'initial' && c.clusterType !== 'ExternalKubernetes') {
        startAckProvisioning(this.ctx, c);
      } else if (c.state === 'deleting') {
        startClusterDeletion(this.ctx, c);
      } else if (
        c.clusterType === 'ExternalKubernetes' &&
        c.state === 'waiting' &&
        c.kubeServer
      ) {
        this.scheduleAgentConnect(c);
      }
    }
    for (const f of this.state.fleets) {
      if (f.state === 'initial') {
        startFleetProvisioning(this.ctx, f);
      } else if (f.state === 'deleting') {
        startFleetDeletion(this.ctx, f);
      }
    }
    for (const p of this.state.bgpPeers) {
      if (p.bgpStatus !== 'Established') {
        p.bgpStatus = 'Idle';
      }
      evaluateBgpPeer(this.ctx, p);
    }
    for (const r of this.state.routeEntries) {
      if (r.status === 'Pending') {
        scheduleRouteEntry(this.ctx, r);
      }
    }
    for (const c of this.state.cens) {
      scheduleCen(this.ctx, c);
    }
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

  private syncFleet(fleet: SimFleet) {
    if (this.closed) {
      return;
    }
    const fleetId = fleet.clusterId;
    for (const key of [...this.memberStatuses.keys()]) {
      if (
        key.startsWith(`${fleetId}/`) &&
        !fleet.members.includes(key.slice(fleetId.length + 1))
      ) {
        this.memberStatuses.delete(key);
      }
    }
    for (const m of fleet.members) {
      if (this.memberStatuses.get(`${fleetId}/${m}`) !== 'Successed') {
        this.memberStatuses.set(`${fleetId}/${m}`, 'Installing');
      }
    }
    const run = async () => {
      const current = this.state.fleets.find(f => f.clusterId === fleetId);
      if (!current || this.closed) {
        return;
      }
      const members = current.members.flatMap(id => {
        const c = this.state.clusters.find(x => x.clusterId === id);
        return c ? [c] : [];
      });
      try {
        await this.bridge.syncFleetMembers(current, members);
        for (const m of members) {
          const key = `${fleetId}/${m.clusterId}`;
          if (this.memberStatuses.get(key) === 'Installing') {
            this.memberStatuses.set(key, 'Successed');
          }
        }
      } catch (err) {
        this.logger.warn(
          `cloud api: syncing members of fleet ${fleetId} failed: ${err}`,
        );
        for (const m of members) {
          const key = `${fleetId}/${m.clusterId}`;
          if (this.memberStatuses.get(key) === 'Installing') {
            this.memberStatuses.set(key, 'Failed');
          }
        }
      }
    };
    const chain = (this.syncChains.get(fleetId) ?? Promise.resolve()).then(
      run,
      run,
    );
    this.syncChains.set(fleetId, chain);
  }

  private detachEverywhere(cluster: SimCluster) {
    for (const fleet of this.state.fleets) {
      if (fleet.members.includes(cluster.clusterId)) {
        fleet.members = fleet.members.filter(m => m !== cluster.clusterId);
        fleet.updated = rfc3339();
        this.syncFleet(fleet);
      }
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

  private async process(req: http.IncomingMessage, res: http.ServerResponse) {
    const requestId = newRequestId();
    const hostId = firstHeader(req.headers.host) ?? 'localhost';
    const rawUrl = req.url ?? '/';
    const qIdx = rawUrl.indexOf('?');
    const rawPath = qIdx >= 0 ? rawUrl.slice(0, qIdx) : rawUrl;
    const query = flatQuery(qIdx >= 0 ? rawUrl.slice(qIdx + 1) : '');
    const method = (req.method ?? 'GET').toUpperCase();
    // V3 carries the action in headers; the legacy RPC signature in the query
    const action = firstHeader(req.headers['x-acs-action']) ?? query.Action;
    const version = firstHeader(req.headers['x-acs-version']) ?? query.Version;
    const product: Product | undefined = version
      ? PRODUCT_BY_VERSION[version]
      : undefined;
    let style: ErrorStyle = 'gateway';

    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      if (res.writableEnded) {
        return;
      }
      res.writeHead(status, {
        'content-type': 'application/json;charset=utf-8',
        'x-acs-request-id': requestId,
        ...headers,
      });
      res.end(JSON.stringify(body));
    };

    const countKey = action ?? 'Unknown';
    this.calls[countKey] = (this.calls[countKey] ?? 0) + 1;

    try {
      const body = await this.readBody(req);
      if (this.latencyMs > 0) {
        await sleep(this.latencyMs);
      }
      const contentType = firstHeader(req.headers['content-type']) ?? '';
      const form: Params =
        body.length &&
        contentType.startsWith('application/x-www-form-urlencoded')
          ? flatQuery(body.toString('utf8'))
          : {};

      this.authenticate(req, method, rawPath, query, body, form);

      if (!product) {
        throw gatewayError(
          400,
          'InvalidVersion',
          'Specified parameter Version is not valid.',
        );
      }
      let handler: Handler | undefined;
      let pathParams: Record<string, string> = {};
      let params: Params;
      let jsonBody: unknown;
      if (product === 'cs') {
        style = 'cs';
        const route = CS_ROUTES.find(r => r.action === action);
        const m =
          route && route.method === method ? route.path.exec(rawPath) : null;
        if (!route || !m) {
          throw gatewayError(
            404,
            'InvalidAction.NotFound',
            'Specified api is not found, please check your url and method.',
          );
        }
        route.keys.forEach((k, i) => {
          pathParams[k] = decodeURIComponent(m[i + 1]);
        });
        handler = CS_HANDLERS[route.action];
        params = query;
        if (body.length) {
          try {
            jsonBody = JSON.parse(body.toString('utf8'));
          } catch {
            throw new ApiError(
              400,
              'InvalidParameter',
              'The request body is not valid JSON.',
            );
          }
        }
      } else {
        style = 'rpc';
        handler = action ? RPC_HANDLERS[product][action] : undefined;
        if (
          !handler ||
          rawPath !== '/' ||
          (method !== 'POST' && method !== 'GET')
        ) {
          throw gatewayError(
            404,
            'InvalidAction.NotFound',
            'Specified api is not found, please check your url and method.',
          );
        }
        params = { ...query, ...form };
        pathParams = {};
      }

      const throttle = this.throttleQueue.shift();
      if (throttle) {
        throw new ApiError(
          400,
          'Throttling.User',
          'Request was denied due to user flow control.',
          {
            style: 'gateway',
            headers:
              throttle.retryAfterMs !== undefined
                ? { 'x-acs-retry-after': String(throttle.retryAfterMs) }
                : undefined,
          },
        );
      }
      const fail = this.failQueue.shift();
      if (fail) {
        throw new ApiError(
          fail.status ?? 500,
          fail.code ?? 'InternalError',
          fail.message ??
            'The request processing has failed due to some unknown error, exception or failure.',
        );
      }

      const apiReq: ApiRequest = {
        action: action!,
        method,
        params,
        body: jsonBody,
        pathParams,
        requestId,
      };
      const result: ApiResponse = await handler(this.ctx, apiReq);
      send(result.status ?? 200, result.body);
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status >= 500) {
          this.logger.warn(
            `cloud api: ${action ?? '?'} -> ${err.status} ${err.code}`,
          );
        }
        send(
          err.status,
          errorBody(err, err.style ?? style, requestId, hostId),
          err.headers,
        );
        return;
      }
      this.logger.warn(
        `cloud api: ${action ?? '?'} failed: ${(err as Error)?.stack ?? err}`,
      );
      send(
        500,
        errorBody(
          new ApiError(
            500,
            'InternalError',
            'The request processing has failed due to some unknown error, exception or failure.',
          ),
          style,
          requestId,
          hostId,
        ),
      );
    }
  }

  /** ACS3-HMAC-SHA256 verification, as the OpenAPI gateway does it. */
  private authenticate(
    req: http.IncomingMessage,
    method: string,
    rawPath: string,
    query: Params,
    body: Buffer,
    form: Params,
  ) {
    const headers = req.headers;
    const authorization = firstHeader(headers.authorization);
    if (!authorization && query.Signature !== undefined) {
      this.authenticateRpcV2(method, { ...query, ...form });
      return;
    }
    if (!authorization) {
      throw gatewayError(
        400,
        'MissingAuthorization',
        'Authorization is mandatory for this action.',
      );
    }
    for (const h of [
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256',
    ]) {
      if (!firstHeader(headers[h])) {
        throw gatewayError(
          400,
          'MissingParameter',
          `The input parameter "${h}" that is mandatory for processing this request is not supplied.`,
        );
      }
    }
    const auth = parseAuthorization(authorization);
    if (!auth) {
      throw gatewayError(
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards.',
      );
    }
    if (auth.algorithm !== ACS3_HMAC_SHA256) {
      throw gatewayError(
        400,
        'IncompleteSignature',
        `The request signature does not conform to Aliyun standards. Unsupported signature algorithm ${auth.algorithm}.`,
      );
    }
    const missingSigned = REQUIRED_SIGNED_HEADERS.filter(
      h => !auth.signedHeaders.includes(h),
    );
    const unsignedAcs = Object.keys(headers).filter(
      h => h.startsWith('x-acs-') && !auth.signedHeaders.includes(h),
    );
    if (missingSigned.length || unsignedAcs.length) {
      throw gatewayError(
        400,
        'IncompleteSignature',
        `The request signature does not conform to Aliyun standards. Headers not signed: ${[
          ...missingSigned,
          ...unsignedAcs,
        ].join(',')}.`,
      );
    }
    const secret = this.secrets.get(auth.accessKeyId);
    if (secret === undefined) {
      throw gatewayError(
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      );
    }

    this.checkTimestamp(firstHeader(headers['x-acs-date'])!);

    const hashed = firstHeader(headers['x-acs-content-sha256'])!.toLowerCase();
    const canonical = canonicalRequest({
      method,
      rawPath,
      query,
      headers,
      signedHeaders: auth.signedHeaders,
      hashedPayload: hashed,
    });
    const toSign = stringToSign(canonical);
    const expected = signString(secret, toSign);
    if (!signaturesEqual(expected, auth.signature)) {
      throw gatewayError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature does not match our calculation. server string to sign is:${toSign}`,
      );
    }
    if (sha256Hex(body) !== hashed) {
      throw gatewayError(
        400,
        'SignatureDoesNotMatch',
        'Specified signature does not match our calculation. The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
      );
    }

    this.checkNonce(
      auth.accessKeyId,
      firstHeader(headers['x-acs-signature-nonce'])!,
    );
  }

  /** The legacy RPC signature (HMAC-SHA1 over the sorted parameters). */
  private authenticateRpcV2(method: string, params: Params) {
    for (const name of [
      'AccessKeyId',
      'SignatureMethod',
      'SignatureNonce',
      'Timestamp',
      'Signature',
    ]) {
      if (!params[name]) {
        throw gatewayError(
          400,
          `Missing${name}`,
          `${name} is mandatory for this action.`,
        );
      }
    }
    if (params.SignatureMethod !== 'HMAC-SHA1') {
      throw gatewayError(
        400,
        'InvalidSignatureMethod',
        'Specified signature method is not valid.',
      );
    }
    const secret = this.secrets.get(params.AccessKeyId!);
    if (secret === undefined) {
      throw gatewayError(
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      );
    }
    this.checkTimestamp(params.Timestamp!);
    const { Signature: signature, ...signed } = params;
    const canonical = Object.keys(signed)
      .sort()
      .map(k => `${acsPercentEncode(k)}=${acsPercentEncode(signed[k] ?? '')}`)
      .join('&');
    const toSign = `${method}&${acsPercentEncode('/')}&${acsPercentEncode(
      canonical,
    )}`;
    const expected = createHmac('sha1', `${secret}&`)
      .update(toSign)
      .digest('base64');
    if (!signaturesEqual(expected, signature!)) {
      throw gatewayError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${toSign}`,
      );
    }
    this.checkNonce(params.AccessKeyId!, params.SignatureNonce!);
  }

  private checkTimestamp(date: string) {
    if (
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(date) ||
      Number.isNaN(Date.parse(date))
    ) {
      throw gatewayError(
        400,
        'InvalidTimeStamp.Format',
        'Specified time stamp or date value is not well formatted.',
      );
    }
    if (Math.abs(Date.now() - Date.parse(date)) > MAX_CLOCK_SKEW_MS) {
      throw gatewayError(
        400,
        'InvalidTimeStamp.Expired',
        'Specified time stamp or date value is expired.',
      );
    }
  }

  private checkNonce(accessKeyId: string, nonce: string) {
    const now = Date.now();
    if (this.nonces.size > 10000) {
      for (const [n, expires] of this.nonces) {
        if (expires < now) {
          this.nonces.delete(n);
        }
      }
    }
    const nonceKey = `${accessKeyId}:${nonce}`;
    const seen = this.nonces.get(nonceKey);
    if (seen !== undefined && seen >= now) {
      throw gatewayError(
        400,
        'SignatureNonceUsed',
        'Specified signature nonce was used already.',
      );
    }
    this.nonces.set(nonceKey, now + MAX_CLOCK_SKEW_MS);
  }
}
