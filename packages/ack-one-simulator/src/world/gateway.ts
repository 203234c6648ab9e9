import http from 'node:http';
import {
  ReadyEndpoints,
  GatewayIssue,
  MSE_INGRESS_CONTROLLER,
  parseGatewayIngresses,
} from '@internal/plugin-ack-one-common';
import type { KubeServer } from '../kube/KubeServer';
import { nowRfc3339 } from '../kube/Store';
import type { ServerEntry, World } from './World';
import {
  compileRoute,
  CompiledRoute,
  findRoute,
  pickFromCompiled,
} from './routing';
import { onceOnNextTurn } from './nextTurn';

interface TableEntry {
  host: string;
  path: string;
  pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  compiled: CompiledRoute;
  /** pre-serialised response bodies per cluster */
  bodies: Map<string, Buffer>;
}

const NO_BACKEND = Buffer.from(
  '{"error":"no healthy cluster can serve this route","code":503}',
);
const NO_ROUTE = Buffer.from(
  '{"error":"no route for this host and path","code":404}',
);

/**
 * The data plane of the multi-cluster gateway: an HTTP port that routes
 * each request (Host + path) with the routing table computed from the
 * Fleet's Ingresses, and answers, as the selected cluster's backend would,
 * with JSON naming the cluster. The per-cluster backends are in-process
 * (no extra hop); keep-alive is on and response bodies are pre-serialised.
 */
export class GatewayDataPlane {
  private server?: http.Server;
  private table: TableEntry[] = [];
  private _port = 0;
  served = 0;
  failed = 0;

  constructor(private readonly random: () => number = Math.random) {}

  get port() {
    return this._port;
  }

  setTable(table: TableEntry[]) {
    this.table = table;
  }

  routes() {
    return this.table.map(t => ({
      id: t.compiled.route.id,
      weights: t.compiled.weights,
    }));
  }

  handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const host = req.headers.host ?? '';
    const entry = findRoute(this.table, host, path);
    if (!entry) {
      this.failed++;
      res.writeHead(404, {
        'Content-Type': 'application/json',
        'Content-Length': NO_ROUTE.length,
      });
      res.end(NO_ROUTE);
      return;
    }
    const cluster = pickFromCompiled(
      entry.compiled,
      name => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      },
      this.random,
    );
    const body = cluster !== undefined ? entry.bodies.get(cluster) : undefined;
    if (!body) {
      this.failed++;
      res.writeHead(503, {
        'Content-Type': 'application/json',
        'Content-Length': NO_BACKEND.length,
      });
      res.end(NO_BACKEND);
      return;
    }
    this.served++;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
      'X-Ack-One-Cluster': cluster!,
    });
    res.end(body);
  };

  async listen(port: number, host: string): Promise<number> {
    const server = http.createServer({ keepAlive: true }, this.handle);
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this._port = (server.address() as any).port;
    return this._port;
  }

  async close() {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>(resolve => s.close(() => resolve()));
  }
}

/**
 * The control plane of the gateway in a Fleet: MseIngressConfig status
 * (Pending -> Running -> Listening, with `status.endpoint`), Ingress status,
 * and the routing table (routes from the Fleet's MSE Ingresses, health from
 * the ready endpoints of the backing Service in each member cluster).
 */
export class GatewayController {
  /** Recomputes on the next turn of the event loop (once however often asked). */
  readonly schedule = onceOnNextTurn(
    () => this.recompute(),
    m => this.world.logger.warn(m),
    'gateway',
  );
  private unsubscribe: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  issues: GatewayIssue[] = [];
  health: Record<string, ReadyEndpoints> = {};

  constructor(
    private readonly world: World,
    private readonly fleetServer: string,
    private readonly dataPlane: GatewayDataPlane,
    private readonly endpoint: () => string,
  ) {}

  private get fleet(): KubeServer | undefined {
    return this.world.servers.get(this.fleetServer)?.server;
  }

  start() {
    const subscribe = (e: ServerEntry) => {
      this.unsubscribe.push(
        e.server.api.store.onEvent(ev => {
          if (e.name === this.fleetServer) {
            if (
              ev.typeKey === 'mse.alibabacloud.com/mseingressconfigs' &&
              ev.type === 'ADDED'
            )
              this.progressConfig(ev.obj);
            if (
              [
                'networking.k8s.io/ingresses',
                'networking.k8s.io/ingressclasses',
                'mse.alibabacloud.com/mseingressconfigs',
              ].includes(ev.typeKey)
            )
              this.schedule();
          } else if (ev.typeKey === '/endpoints') this.schedule();
        }),
      );
    };
    this.unsubscribe.push(
      this.world.onServer((e, what) => {
        if (what === 'added') subscribe(e);
        this.schedule();
      }),
    );
    const f = this.fleet;
    if (f)
      for (const c of f.api.listObjs(
        'mse.alibabacloud.com/v1alpha1',
        'MseIngressConfig',
      ))
        this.progressConfig(c);
    this.schedule();
  }

  stop() {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const t of this.timers) clearTimeout(t);
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private progressConfig(cfg: any) {
    const step = this.world.opts.gatewayStepMs ?? 1500;
    const phase = cfg.status?.status;
    if (phase === 'Listening') {
      const f = this.fleet;
      if (f && cfg.status?.endpoint !== this.endpoint())
        f.api.setStatus(cfg, { ...cfg.status, endpoint: this.endpoint() });
      return;
    }
    if (phase === 'Failed') return;
    const set = (status: string) => {
      const f = this.fleet;
      const cur = f?.api.getObj(
        'mse.alibabacloud.com/v1alpha1',
        'MseIngressConfig',
        undefined,
        cfg.metadata.name,
      );
      if (!f || !cur || cur.metadata.uid !== cfg.metadata.uid) return;
      const gwId =
        cur.spec?.id ?? `gw-${cur.metadata.uid.replace(/-/g, '').slice(0, 24)}`;
      f.api.setStatus(cur, {
        ...(cur.status ?? {}),
        status,
        ...(status === 'Listening'
          ? { endpoint: this.endpoint(), id: gwId }
          : {}),
        ...(status !== 'Pending' ? { id: gwId } : {}),
        lastTransitionTime: nowRfc3339(),
      });
      this.schedule();
    };
    if (!phase) set('Pending');
    if (phase !== 'Running') this.later(step, () => set('Running'));
    this.later(step * 2, () => set('Listening'));
  }

  /** Member clusters of the Fleet: cluster id -> server. */
  private members(): Array<{
    clusterId: string;
    name: string;
    server: KubeServer;
  }> {
    const fleet = this.world.cloud.fleets.find(
      f => f.kubeServer === this.fleetServer,
    );
    const out = [];
    for (const id of fleet?.members ?? []) {
      const c = this.world.cloud.clusters.find(x => x.clusterId === id);
      const e = c?.kubeServer
        ? this.world.servers.get(c.kubeServer)
        : undefined;
      if (c && e)
        out.push({ clusterId: c.clusterId, name: c.name, server: e.server });
    }
    return out;
  }

  recompute() {
    const f = this.fleet;
    if (!f) return;
    const classes = f.api
      .listObjs('networking.k8s.io/v1', 'IngressClass')
      .filter(c => {
        if (c.spec?.controller !== MSE_INGRESS_CONTROLLER) return false;
        const p = c.spec?.parameters;
        if (!p?.name || p.kind !== 'MseIngressConfig') return true;
        const cfg = f.api.getObj(
          'mse.alibabacloud.com/v1alpha1',
          'MseIngressConfig',
          undefined,
          p.name,
        );
        return cfg?.status?.status === 'Listening';
      });
    const ingresses = f.api.listObjs('networking.k8s.io/v1', 'Ingress');
    const { routes, issues } = parseGatewayIngresses(ingresses, {
      ingressClasses: classes,
    });
    this.issues = issues;
    const members = this.members();
    const table: TableEntry[] = [];
    const health: Record<string, ReadyEndpoints> = {};
    for (const r of routes) {
      const h: ReadyEndpoints = {};
      for (const m of members) {
        const ep = m.server.api.getObj(
          'v1',
          'Endpoints',
          r.namespace,
          r.service.name,
        );
        let n = 0;
        for (const s of ep?.subsets ?? []) n += (s.addresses ?? []).length;
        h[m.clusterId] = n;
      }
      health[r.id] = h;
      const compiled = compileRoute(r, h);
      const bodies = new Map<string, Buffer>();
      for (const m of members) {
        bodies.set(
          m.clusterId,
          Buffer.from(
            JSON.stringify({
              cluster: m.clusterId,
              clusterName: m.name,
              namespace: r.namespace,
              service: r.service.name,
              route: r.id,
            }),
          ),
        );
      }
      table.push({
        host: r.host,
        path: r.path,
        pathType: r.pathType,
        compiled,
        bodies,
      });
    }
    this.health = health;
    this.dataPlane.setTable(table);
    // Ingress status: the gateway address
    const [addr] = this.endpoint().split(':');
    for (const ing of ingresses) {
      const served =
        routes.some(
          r =>
            r.base.ingress === `${ing.metadata.namespace}/${ing.metadata.name}`,
        ) ||
        ing.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'] ===
          'true';
      const lb = served ? { ingress: [{ ip: addr }] } : {};
      if (JSON.stringify(ing.status?.loadBalancer ?? {}) !== JSON.stringify(lb))
        f.api.setStatus(ing, { loadBalancer: lb });
    }
  }
}
