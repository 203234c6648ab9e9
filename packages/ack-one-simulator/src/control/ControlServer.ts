import fs from 'node:fs';
import http from 'node:http';
import type { World } from '../world/World';
import type { GatewayDataPlane } from '../world/gateway';
import type { Faults } from './faults';
import {
  allowedHostHeaders,
  checkHost,
  checkJsonContentType,
  ControlError,
  isLoopbackHost,
  readJsonBody,
  redactedMessage,
  TokenCheck,
} from './guard';
import { resolveSaveTarget } from './saveTarget';

export interface ControlServerOptions {
  world: World;
  faults: Faults;
  gateway: GatewayDataPlane;
  /** Writes the world to `file`, a path `/save` has already confined to `stateDir`. */
  save(file: string): Promise<void>;
  endpoints(): unknown;
  fleetIssues(): unknown[];
  /** The bearer token every control call must carry. */
  token: string;
  /** The simulator's state folder; `/save` writes only inside it. */
  stateDir: string;
}

/**
 * The control API of a running simulator (JSON over HTTP):
 *
 * - `GET  /state` endpoints, fault state, gateway routes and weights
 * - `POST /faults/clusters/:cluster/offline` `{ "mode": "refuse" | "503" }`
 * - `POST /faults/clusters/:cluster/online`
 * - `POST /faults/clusters/:cluster/latency` `{ "ms": 500 }`
 * - `POST /faults/clusters/:cluster/pods` `{ "ready": false, "namespace"?: "web-demo" }`
 * - `POST /scale` `{ "cluster": "idc", "namespace": "web-demo", "name": "web-demo", "replicas": 3 }`
 * - `POST /faults/cloud` `{ "fail": 3, "status"?: 503, "code"?: "ServiceUnavailable" }`,
 *   `{ "throttle": 5 }` or `{ "latencyMs": 800 }`
 * - `POST /faults/cloud/creation` `{ "kind": "cluster", "message"?: "…", "count"?: 1 }`:
 *   the next creations of a kind end failed
 * - `POST /faults/cloud/provisioning` `{ "kind": "cluster", "seconds": 30 }`
 *   (`"seconds": null` restores the timing profile)
 * - `POST /faults/cloud/bgp-flap` `{ "target"?: "vbr-…", "downSeconds"?: 5 }`
 * - `POST /reset` `{}`
 * - `POST /save` `{ "path": "drills/before.json" }`
 *
 * Every call carries `Authorization: Bearer <token>`, the random token the
 * simulator writes into `simulator.json` (0600) in its state folder; without
 * it the answer is 401. The server listens on 127.0.0.1 unless another host
 * is given, and while bound to loopback it answers only requests whose Host
 * header is `127.0.0.1:<port>`, `localhost:<port>` or `[::1]:<port>` (403
 * otherwise), so a web page cannot reach it through DNS rebinding. POST bodies
 * are JSON objects of at most 64 KiB, sent as `Content-Type: application/json`
 * (415 and 413 otherwise). `/save` writes (0600) only inside the state folder:
 * its path is relative to that folder and must stay inside it.
 */
export class ControlServer {
  private server?: http.Server;
  private host = '127.0.0.1';
  private readonly tokenCheck: TokenCheck;

  constructor(private readonly opts: ControlServerOptions) {
    this.tokenCheck = new TokenCheck(opts.token);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.host = host;
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(e => this.fail(res, e));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.address() as any).port;
  }

  async close() {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>(resolve => s.close(() => resolve()));
  }

  private send(res: http.ServerResponse, code: number, body: unknown) {
    const s = JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(s),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // A refused request's body may be left unread: don't keep the connection.
      ...(code >= 400 ? { Connection: 'close' } : {}),
      ...(code === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
    });
    res.end(s);
  }

  /**
   * Control errors (written here, without secrets) keep their status and
   * message; any other error is the caller's (an unknown cluster, a missing
   * Deployment): 400, with anything secret-looking masked.
   */
  private fail(res: http.ServerResponse, e: unknown) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof ControlError)
      this.send(res, e.status, { error: e.message });
    else this.send(res, 400, { error: redactedMessage(e, this.opts.token) });
  }

  private guard(req: http.IncomingMessage) {
    if (isLoopbackHost(this.host))
      checkHost(req, allowedHostHeaders(this.host, req.socket.localPort!));
    this.tokenCheck.check(req);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.guard(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && (p === '/state' || p === ''))
      return this.send(res, 200, this.state());
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      throw new ControlError(405, 'method not allowed');
    }
    checkJsonContentType(req);
    const b = await readJsonBody(req);
    const f = this.opts.faults;
    const m =
      /^\/faults\/clusters\/([^/]+)\/(offline|online|latency|pods)$/.exec(p);
    if (m) {
      await this.clusterFault(decodeURIComponent(m[1]), m[2], b);
      return this.send(res, 200, { ok: true, faults: f.state() });
    }
    switch (p) {
      case '/scale':
        return this.send(res, 200, { ok: true, scale: this.scale(b) });
      case '/faults/cloud':
        this.cloudFault(b);
        return this.send(res, 200, { ok: true });
      case '/faults/cloud/creation':
      case '/faults/cloud/provisioning':
      case '/faults/cloud/bgp-flap':
        return this.send(res, 200, {
          ok: true,
          ...this.cloudLifecycleFault(p, b),
        });
      case '/reset':
        await f.reset();
        return this.send(res, 200, { ok: true, faults: f.state() });
      case '/save':
        return this.send(res, 200, { ok: true, path: await this.save(b) });
      default:
        throw new ControlError(404, `no such control endpoint ${p}`);
    }
  }

  private state() {
    const { world, gateway } = this.opts;
    return {
      endpoints: this.opts.endpoints(),
      faults: this.opts.faults.state(),
      gateway: {
        routes: gateway.routes(),
        served: gateway.served,
        failed: gateway.failed,
        issues: this.opts.fleetIssues(),
      },
      cloud: {
        clusters: world.cloud.clusters.map(c => ({
          clusterId: c.clusterId,
          name: c.name,
          type: c.clusterType,
          state: c.state,
          kubeServer: c.kubeServer,
        })),
        fleets: world.cloud.fleets.map(x => ({
          clusterId: x.clusterId,
          name: x.name,
          state: x.state,
          members: x.members,
        })),
        network: this.network(),
      },
    };
  }

  /** Leased lines (with the IDC router, never its key), VBRs and BGP sessions. */
  private network() {
    const cloud = this.opts.world.cloud;
    return {
      physicalConnections: (cloud.physicalConnections ?? []).map(pc => ({
        physicalConnectionId: pc.physicalConnectionId,
        status: pc.status,
        idcRouter: pc.idcRouter && {
          asn: pc.idcRouter.asn,
          ipAddress: pc.idcRouter.ipAddress,
          authKey: pc.idcRouter.authKey ? 'set' : 'none',
        },
      })),
      vbrs: cloud.vbrs.map(v => ({ vbrId: v.vbrId, status: v.status })),
      bgpPeers: cloud.bgpPeers.map(x => ({
        bgpPeerId: x.bgpPeerId,
        status: x.status ?? 'Available',
        bgpStatus: x.bgpStatus,
        reason: x.reason,
      })),
    };
  }

  private async clusterFault(cluster: string, what: string, b: any) {
    const f = this.opts.faults;
    switch (what) {
      case 'offline':
        if (b.mode !== undefined && b.mode !== 'refuse' && b.mode !== '503')
          throw new ControlError(400, 'mode must be "refuse" or "503"');
        await f.apiServerOffline(cluster, b.mode ?? 'refuse');
        return;
      case 'online':
        await f.apiServerOnline(cluster);
        return;
      case 'latency':
        if (typeof b.ms !== 'number' || b.ms < 0)
          throw new ControlError(400, 'ms must be a non-negative number');
        f.apiServerLatency(cluster, b.ms);
        return;
      default:
        if (typeof b.ready !== 'boolean')
          throw new ControlError(400, 'ready must be true or false');
        f.podsReady(cluster, b.ready, b.namespace);
    }
  }

  private scale(b: any) {
    if (
      !b.cluster ||
      !b.namespace ||
      !b.name ||
      !Number.isInteger(b.replicas) ||
      b.replicas < 0
    ) {
      throw new ControlError(
        400,
        'cluster, namespace, name and a non-negative integer replicas are required',
      );
    }
    return this.opts.faults.scale(
      b.cluster,
      b.namespace,
      b.name,
      b.replicas,
      b.kind,
    );
  }

  private cloudFault(b: any) {
    const f = this.opts.faults;
    if (b.fail !== undefined)
      f.cloudFail(Number(b.fail), {
        status: b.status,
        code: b.code,
        message: b.message,
      });
    if (b.throttle !== undefined) f.cloudThrottle(Number(b.throttle));
    if (b.latencyMs !== undefined) f.cloudLatency(Number(b.latencyMs));
  }

  /** Creation failures, provisioning times and BGP flaps. */
  private cloudLifecycleFault(p: string, b: any): Record<string, unknown> {
    const f = this.opts.faults;
    if (typeof b.kind !== 'string' && p !== '/faults/cloud/bgp-flap')
      throw new ControlError(400, 'kind is required, e.g. "cluster"');
    if (p === '/faults/cloud/creation') {
      if (b.message !== undefined && typeof b.message !== 'string')
        throw new ControlError(400, 'message must be a string');
      if (
        b.count !== undefined &&
        (!Number.isInteger(b.count) || b.count < 1 || b.count > 100)
      )
        throw new ControlError(400, 'count must be an integer from 1 to 100');
      f.cloudFailCreation(b.kind, {
        message: b.message?.slice(0, 500),
        count: b.count,
      });
      return { faults: f.state() };
    }
    if (p === '/faults/cloud/provisioning') {
      if (
        b.seconds !== null &&
        (typeof b.seconds !== 'number' || b.seconds < 0 || b.seconds > 86400)
      )
        throw new ControlError(
          400,
          'seconds must be a number from 0 to 86400, or null to restore the timing profile',
        );
      f.cloudProvisioningTime(b.kind, b.seconds);
      return { faults: f.state() };
    }
    if (b.target !== undefined && typeof b.target !== 'string')
      throw new ControlError(400, 'target must be a BGP peer, group or VBR id');
    if (
      b.downSeconds !== undefined &&
      (typeof b.downSeconds !== 'number' ||
        b.downSeconds < 0 ||
        b.downSeconds > 3600)
    )
      throw new ControlError(
        400,
        'downSeconds must be a number from 0 to 3600',
      );
    return { flapped: f.bgpFlap(b.target, b.downSeconds) };
  }

  /** Saves the world inside the state folder (0600); returns the file written. */
  private async save(b: any): Promise<string> {
    const file = await resolveSaveTarget(this.opts.stateDir, b.path);
    await this.opts.save(file);
    await fs.promises.chmod(file, 0o600);
    return file;
  }
}
