import { randomBytes } from 'node:crypto';
import {
  CloudState,
  KubeBridge,
  KubeconfigOptions,
  SimCluster,
  SimFleet,
  AGENT_CLUSTER_ID_LABEL,
  AGENT_DEPLOYMENT_NAME,
  AGENT_NAMESPACE,
} from '../cloud/model';
import { KubeServer } from '../kube/KubeServer';
import { generatePki, randomToken, WorldPki } from '../kube/certs';
import { syncFleetMemberSecrets } from './fleetMembers';
import { buildAdminKubeconfig, buildKubeconfig } from './kubeconfig';
import { saveWorld } from './persistence';
import { seedServer } from './seed';

export type ServerKind = 'idc' | 'ack' | 'fleet';

/**
 * Where the simulator logs.
 *
 * @public
 */
export interface WorldLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface WorldOptions {
  host?: string;
  podReadyDelayMs?: number;
  /** MseIngressConfig Pending -> Running -> Listening step (ms) */
  gatewayStepMs?: number;
  historySize?: number;
  logger?: WorldLogger;
}

export interface ServerEntry {
  name: string;
  kind: ServerKind;
  server: KubeServer;
  adminToken: string;
}

/** The JSON file a world is saved to. Contains keys and tokens: keep it private. */
export interface SavedWorld {
  format: 'ack-one-simulator/world@1';
  savedAt: string;
  cloud: CloudState;
  pki: WorldPki;
  accessKey?: { accessKeyId: string; accessKeySecret: string };
  servers: Array<{
    name: string;
    kind: ServerKind;
    port: number;
    adminToken: string;
    tokens: Array<[string, number | null]>;
    resourceVersion: string;
    objects: Array<{ typeKey: string; obj: any }>;
  }>;
}

/** Minimal interface of CloudApi the world calls back. */
export interface CloudHooks {
  markAgentConnected(
    registeredClusterId: string,
    serverName: string,
    opts?: { kubernetesVersion?: string },
  ): void;
}

export {
  ARGOCD_NAMESPACE,
  ARGOCD_SECRET_TYPE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from './constants';

export function randomHex(n: number) {
  return randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
}

type ServerListener = (entry: ServerEntry, event: 'added' | 'removed') => void;

/**
 * A simulated world: the cloud account state shared with CloudApi, the
 * Kubernetes API servers (one per IDC/ACK cluster and Fleet), the world's
 * PKI, and the glue the cloud side needs (`KubeBridge`). Also watches IDC
 * servers for the registration agent.
 */
export class World implements KubeBridge {
  readonly servers = new Map<string, ServerEntry>();
  private cloudHooks?: CloudHooks;
  private readonly agentsReported = new Set<string>();
  private readonly listeners = new Set<ServerListener>();
  readonly logger: WorldLogger;

  constructor(
    readonly cloud: CloudState,
    readonly pki: WorldPki,
    readonly opts: WorldOptions = {},
  ) {
    this.logger = opts.logger ?? { info: () => {}, warn: () => {} };
  }

  static newPki(host?: string) {
    return generatePki(
      host && host !== '127.0.0.1' && host !== 'localhost' ? [host] : [],
    );
  }

  get host() {
    return this.opts.host ?? '127.0.0.1';
  }

  attachCloud(hooks: CloudHooks) {
    this.cloudHooks = hooks;
    for (const e of this.servers.values())
      if (e.kind === 'idc') this.checkAgent(e);
  }

  onServer(fn: ServerListener): () => void {
    this.listeners.add(fn);
    for (const e of this.servers.values()) fn(e, 'added');
    return () => this.listeners.delete(fn);
  }

  server(name: string): KubeServer {
    const e = this.servers.get(name);
    if (!e) throw new Error(`no such cluster API server "${name}"`);
    return e.server;
  }

  /** The server name of a CS cluster or Fleet id (or a server name). */
  serverNameFor(idOrName: string): string | undefined {
    if (this.servers.has(idOrName)) return idOrName;
    const c = this.cloud.clusters.find(
      x => x.clusterId === idOrName || x.name === idOrName,
    );
    if (c?.kubeServer) return c.kubeServer;
    const f = this.cloud.fleets.find(
      x => x.clusterId === idOrName || x.name === idOrName,
    );
    return f?.kubeServer;
  }

  clusterIdFor(serverName: string): string | undefined {
    return (
      this.cloud.clusters.find(c => c.kubeServer === serverName)?.clusterId ??
      this.cloud.fleets.find(f => f.kubeServer === serverName)?.clusterId
    );
  }

  /** Creates and starts an API server with the base objects of a fresh cluster. */
  async addServer(
    name: string,
    kind: ServerKind,
    init?: {
      port?: number;
      adminToken?: string;
      tokens?: Array<[string, number | null]>;
      objects?: Array<{ typeKey: string; obj: any }>;
      resourceVersion?: string;
    },
  ): Promise<ServerEntry> {
    if (this.servers.has(name)) throw new Error(`server ${name} exists`);
    const adminToken = init?.adminToken ?? randomToken();
    const idx = this.servers.size + 1;
    const server = new KubeServer({
      name,
      pki: this.pki,
      host: this.host,
      port: init?.port,
      tokens: { [adminToken]: undefined },
      historySize: this.opts.historySize,
      controllers: {
        podReadyDelayMs: this.opts.podReadyDelayMs,
        podCidrPrefix: `10.${idx}`,
        zone: kind === 'idc' ? 'idc' : undefined,
      },
      serviceCidrPrefix: `172.${20 + (idx % 10)}`,
    });
    for (const [t, exp] of init?.tokens ?? [])
      server.addToken(t, exp ?? undefined);
    if (init?.objects) {
      server.api.store.restore(init.objects, Number(init.resourceVersion ?? 0));
    } else {
      seedServer(server, name, kind);
    }
    try {
      await server.start();
    } catch (e) {
      if (init?.port) {
        // the saved port is taken: use another one
        (server as any)._port = 0;
        await server.start();
      } else throw e;
    }
    const entry: ServerEntry = { name, kind, server, adminToken };
    this.servers.set(name, entry);
    if (kind === 'idc') {
      server.api.store.onEvent(ev => {
        if (ev.typeKey === 'apps/deployments') this.checkAgent(entry);
      });
    }
    for (const l of this.listeners) l(entry, 'added');
    this.logger.info(
      `kube API server ${name} (${kind}) listening on ${server.url}`,
    );
    return entry;
  }

  // ---- agent of registered clusters ----

  private checkAgent(entry: ServerEntry) {
    if (!this.cloudHooks) return;
    const d = entry.server.api.store.get(
      'apps/deployments',
      AGENT_NAMESPACE,
      AGENT_DEPLOYMENT_NAME,
    );
    if (!d) return;
    const clusterId =
      d.metadata.labels?.[AGENT_CLUSTER_ID_LABEL] ??
      d.spec?.template?.metadata?.labels?.[AGENT_CLUSTER_ID_LABEL];
    if (!clusterId) return;
    if ((d.status?.readyReplicas ?? 0) < 1) return;
    const key = `${clusterId}@${entry.name}`;
    if (this.agentsReported.has(key)) return;
    this.agentsReported.add(key);
    try {
      // The registered cluster reports the version its API server runs.
      this.cloudHooks.markAgentConnected(clusterId, entry.name, {
        kubernetesVersion: entry.server.kubernetesVersion,
      });
      this.logger.info(
        `agent of registered cluster ${clusterId} is ready on ${entry.name}`,
      );
    } catch (e) {
      this.agentsReported.delete(key);
      this.logger.warn(
        `agent on ${entry.name} names cluster ${clusterId}: ${
          (e as Error).message
        }`,
      );
    }
  }

  // ---- KubeBridge ----

  async provisionServer(input: {
    id: string;
    kind: 'ack' | 'fleet';
  }): Promise<string> {
    const name = input.id;
    if (!this.servers.has(name)) await this.addServer(name, input.kind);
    return name;
  }

  async removeServer(serverName: string): Promise<void> {
    const e = this.servers.get(serverName);
    if (!e) return;
    this.servers.delete(serverName);
    for (const l of this.listeners) l(e, 'removed');
    await e.server.stop();
  }

  serverUrl(serverName: string): string {
    return this.server(serverName).url;
  }

  kubeconfig(
    serverName: string,
    opts: KubeconfigOptions,
  ): { config: string; expiration: string } {
    return buildKubeconfig(this.server(serverName), this.pki.caCertPem, opts);
  }

  /** A kubeconfig with one context per server (named after the server), using the admin tokens. */
  adminKubeconfig(contextNames?: Record<string, string>): string {
    return buildAdminKubeconfig(
      this.servers.values(),
      this.pki.caCertPem,
      contextNames,
    );
  }

  async syncFleetMembers(
    fleet: SimFleet,
    members: SimCluster[],
  ): Promise<void> {
    syncFleetMemberSecrets(this.servers, this.pki.caCertPem, fleet, members);
  }

  // ---- persistence ----

  save(accessKey?: SavedWorld['accessKey']): SavedWorld {
    return saveWorld(this.cloud, this.pki, this.servers.values(), accessKey);
  }

  static async load(
    saved: SavedWorld,
    opts: WorldOptions = {},
    restorePorts = true,
  ): Promise<World> {
    if (saved?.format !== 'ack-one-simulator/world@1')
      throw new Error('not a saved ack-one-simulator world');
    const w = new World(saved.cloud, saved.pki, opts);
    for (const s of saved.servers) {
      await w.addServer(s.name, s.kind, {
        port: restorePorts ? s.port : undefined,
        adminToken: s.adminToken,
        tokens: s.tokens,
        objects: s.objects,
        resourceVersion: s.resourceVersion,
      });
    }
    return w;
  }

  async stop() {
    for (const e of [...this.servers.values()]) await e.server.stop();
  }
}
