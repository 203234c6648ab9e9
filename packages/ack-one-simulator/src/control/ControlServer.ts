import http from 'node:http';
import type { World } from '../world/World';
import type { GatewayDataPlane } from '../world/gateway';
import type { Faults } from './faults';

export interface ControlServerOptions {
  world: World;
  faults: Faults;
  gateway: GatewayDataPlane;
  save(file: string): Promise<void>;
  endpoints(): unknown;
  fleetIssues(): unknown[];
}

/**
 * The control API of a running simulator (JSON over HTTP, loopback only):
 *
 * - `GET  /state` endpoints, fault state, gateway routes and weights
 * - `POST /faults/clusters/:cluster/offline` `{ "mode": "refuse" | "503" }`
 * - `POST /faults/clusters/:cluster/online`
 * - `POST /faults/clusters/:cluster/latency` `{ "ms": 500 }`
 * - `POST /faults/clusters/:cluster/pods` `{ "ready": false, "namespace"?: "web-demo" }`
 * - `POST /scale` `{ "cluster": "idc", "namespace": "web-demo", "name": "web-demo", "replicas": 3 }`
 * - `POST /faults/cloud` `{ "fail": 3, "status"?: 503, "code"?: "ServiceUnavailable" }`,
 *   `{ "throttle": 5 }` or `{ "latencyMs": 800 }`
 * - `POST /reset`
 * - `POST /save` `{ "path": "/tmp/world.json" }`
 */
export class ControlServer {
  private server?: http.Server;

  constructor(private readonly opts: ControlServerOptions) {}

  async listen(port: number, host: string): Promise<number> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(e =>
        this.send(res, 400, { error: (e as Error).message }),
      );
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
    });
    res.end(s);
  }

  private async body(req: http.IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s = Buffer.concat(chunks).toString('utf8').trim();
    if (!s) return {};
    try {
      return JSON.parse(s);
    } catch {
      throw new Error('request body is not JSON');
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname.replace(/\/+$/, '');
    const f = this.opts.faults;
    if (req.method === 'GET' && (p === '/state' || p === '')) {
      return this.send(res, 200, {
        endpoints: this.opts.endpoints(),
        faults: f.state(),
        gateway: {
          routes: this.opts.gateway.routes(),
          served: this.opts.gateway.served,
          failed: this.opts.gateway.failed,
          issues: this.opts.fleetIssues(),
        },
        cloud: {
          clusters: this.opts.world.cloud.clusters.map(c => ({
            clusterId: c.clusterId,
            name: c.name,
            type: c.clusterType,
            state: c.state,
            kubeServer: c.kubeServer,
          })),
          fleets: this.opts.world.cloud.fleets.map(x => ({
            clusterId: x.clusterId,
            name: x.name,
            state: x.state,
            members: x.members,
          })),
        },
      });
    }
    if (req.method !== 'POST')
      return this.send(res, 405, { error: 'method not allowed' });
    const b = await this.body(req);
    let m = /^\/faults\/clusters\/([^/]+)\/(offline|online|latency|pods)$/.exec(
      p,
    );
    if (m) {
      const cluster = decodeURIComponent(m[1]);
      switch (m[2]) {
        case 'offline':
          if (b.mode !== undefined && b.mode !== 'refuse' && b.mode !== '503')
            throw new Error('mode must be "refuse" or "503"');
          await f.apiServerOffline(cluster, b.mode ?? 'refuse');
          break;
        case 'online':
          await f.apiServerOnline(cluster);
          break;
        case 'latency':
          if (typeof b.ms !== 'number' || b.ms < 0)
            throw new Error('ms must be a non-negative number');
          f.apiServerLatency(cluster, b.ms);
          break;
        default:
          if (typeof b.ready !== 'boolean')
            throw new Error('ready must be true or false');
          f.podsReady(cluster, b.ready, b.namespace);
      }
      return this.send(res, 200, { ok: true, faults: f.state() });
    }
    if (p === '/scale') {
      if (
        !b.cluster ||
        !b.namespace ||
        !b.name ||
        !Number.isInteger(b.replicas) ||
        b.replicas < 0
      ) {
        throw new Error(
          'cluster, namespace, name and a non-negative integer replicas are required',
        );
      }
      const scale = f.scale(b.cluster, b.namespace, b.name, b.replicas, b.kind);
      return this.send(res, 200, { ok: true, scale });
    }
    if (p === '/faults/cloud') {
      if (b.fail !== undefined)
        f.cloudFail(Number(b.fail), {
          status: b.status,
          code: b.code,
          message: b.message,
        });
      if (b.throttle !== undefined) f.cloudThrottle(Number(b.throttle));
      if (b.latencyMs !== undefined) f.cloudLatency(Number(b.latencyMs));
      return this.send(res, 200, { ok: true });
    }
    if (p === '/reset') {
      await f.reset();
      return this.send(res, 200, { ok: true, faults: f.state() });
    }
    if (p === '/save') {
      if (typeof b.path !== 'string' || !b.path)
        throw new Error('path is required');
      await this.opts.save(b.path);
      return this.send(res, 200, { ok: true, path: b.path });
    }
    m = null;
    return this.send(res, 404, { error: `no such control endpoint ${p}` });
  }
}
