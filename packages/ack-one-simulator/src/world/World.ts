import { randomBytes } from 'node:crypto';
import { stringify as toYaml } from 'yaml';
import {
  CloudState,
  KubeBridge,
  SimCluster,
  SimFleet,
  AGENT_CLUSTER_ID_LABEL,
  AGENT_DEPLOYMENT_NAME,
  AGENT_NAMESPACE,
} from '../cloud/model';
import { KubeServer } from '../kube/KubeServer';
import { generatePki, randomToken, WorldPki } from '../kube/certs';
import { CRD_TYPES } from '../kube/resources';
import { nowRfc3339 } from '../kube/Store';

export type ServerKind = 'idc' | 'ack' | 'fleet';

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

export const ARGOCD_NAMESPACE = 'argocd';
export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'ack-one-simulator';

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
      this.seedServer(server, name, kind);
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

  private seedServer(server: KubeServer, name: string, kind: ServerKind) {
    const api = server.api;
    for (const ns of [
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
      ...(kind === 'fleet' ? [ARGOCD_NAMESPACE] : []),
    ]) {
      api.upsert({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
    }
    const nodes = kind === 'fleet' ? 0 : 2;
    for (let i = 1; i <= nodes; i++) {
      api.upsert({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: `${name}-node-${i}`,
          labels: {
            'kubernetes.io/hostname': `${name}-node-${i}`,
            'kubernetes.io/os': 'linux',
            'topology.kubernetes.io/zone': kind === 'idc' ? 'idc' : `zone-${i}`,
          },
        },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              lastTransitionTime: nowRfc3339(),
            },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.31.1-aliyun.1',
            containerRuntimeVersion: 'containerd://1.6.28',
            osImage: 'Alibaba Cloud Linux 3',
            architecture: 'amd64',
          },
          capacity: { cpu: '8', memory: '32Gi', pods: '110' },
          allocatable: { cpu: '7800m', memory: '30Gi', pods: '110' },
        },
      });
    }
    for (const t of CRD_TYPES) {
      api.upsert({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${t.plural}.${t.group}` },
        spec: {
          group: t.group,
          names: {
            kind: t.kind,
            plural: t.plural,
            singular: t.singular,
            listKind: `${t.kind}List`,
            ...(t.shortNames ? { shortNames: t.shortNames } : {}),
          },
          scope: t.namespaced ? 'Namespaced' : 'Cluster',
          versions: [
            {
              name: t.version,
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
              ...(t.subresources?.includes('status')
                ? { subresources: { status: {} } }
                : {}),
            },
          ],
        },
        status: {
          conditions: [{ type: 'Established', status: 'True' }],
          acceptedNames: { kind: t.kind, plural: t.plural },
        },
      });
    }
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
    opts: {
      privateIpAddress: boolean;
      contextName: string;
      temporaryDurationMinutes?: number;
    },
  ): { config: string; expiration: string } {
    const s = this.server(serverName);
    const minutes =
      opts.temporaryDurationMinutes && opts.temporaryDurationMinutes > 0
        ? opts.temporaryDurationMinutes
        : 3 * 365 * 24 * 60;
    const expiresAt = Date.now() + minutes * 60_000;
    const token = randomToken();
    s.addToken(token, expiresAt);
    const expiration = new Date(expiresAt)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    const ctx = opts.contextName;
    const user = `${ctx}-user`;
    const config = toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: ctx,
          cluster: {
            server: s.url,
            'certificate-authority-data': Buffer.from(
              this.pki.caCertPem,
            ).toString('base64'),
          },
        },
      ],
      users: [{ name: user, user: { token } }],
      contexts: [{ name: ctx, context: { cluster: ctx, user } }],
      'current-context': ctx,
      preferences: {},
    });
    return { config, expiration };
  }

  /** A kubeconfig with one context per server (named after the server), using the admin tokens. */
  adminKubeconfig(contextNames?: Record<string, string>): string {
    const clusters = [];
    const users = [];
    const contexts = [];
    for (const e of this.servers.values()) {
      const ctx = contextNames?.[e.name] ?? e.name;
      clusters.push({
        name: ctx,
        cluster: {
          server: e.server.url,
          'certificate-authority-data': Buffer.from(
            this.pki.caCertPem,
          ).toString('base64'),
        },
      });
      users.push({ name: `${ctx}-admin`, user: { token: e.adminToken } });
      contexts.push({
        name: ctx,
        context: { cluster: ctx, user: `${ctx}-admin` },
      });
    }
    return toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters,
      users,
      contexts,
      'current-context': contexts[0]?.name ?? '',
      preferences: {},
    });
  }

  async syncFleetMembers(
    fleet: SimFleet,
    members: SimCluster[],
  ): Promise<void> {
    if (!fleet.kubeServer) return;
    const e = this.servers.get(fleet.kubeServer);
    if (!e) return;
    const api = e.server.api;
    api.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ARGOCD_NAMESPACE },
    });
    const wanted = new Set<string>();
    for (const m of members) {
      const member = m.kubeServer ? this.servers.get(m.kubeServer) : undefined;
      if (!member) continue;
      const name = `cluster-${m.clusterId}`;
      wanted.add(name);
      const labels: Record<string, string> = {
        [ARGOCD_SECRET_TYPE_LABEL]: 'cluster',
        [AGENT_CLUSTER_ID_LABEL]: m.clusterId,
        [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
      };
      for (const t of m.tags ?? []) {
        if (
          /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/.test(t.key) &&
          /^[-A-Za-z0-9_.]{0,63}$/.test(t.value)
        )
          labels[t.key] = t.value;
      }
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const existing = api.getObj('v1', 'Secret', ARGOCD_NAMESPACE, name);
      let token = randomToken();
      try {
        if (existing)
          token =
            JSON.parse(Buffer.from(existing.data.config, 'base64').toString())
              .bearerToken || token;
      } catch {
        // keep the new token
      }
      member.server.addToken(token);
      api.upsert({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace: ARGOCD_NAMESPACE,
          labels,
          annotations: {
            cluster_id: m.clusterId,
            cluster_name: m.name,
            'managed-by': 'argocd.argoproj.io',
          },
        },
        type: 'Opaque',
        data: {
          name: b64(m.name),
          server: b64(member.server.url),
          config: b64(
            JSON.stringify({
              bearerToken: token,
              tlsClientConfig: {
                insecure: false,
                caData: b64(this.pki.caCertPem),
              },
            }),
          ),
        },
      });
    }
    for (const s of api.listObjs('v1', 'Secret', ARGOCD_NAMESPACE)) {
      if (
        s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE &&
        s.metadata.labels?.[ARGOCD_SECRET_TYPE_LABEL] === 'cluster' &&
        !wanted.has(s.metadata.name)
      ) {
        api.removeObj('v1', 'Secret', ARGOCD_NAMESPACE, s.metadata.name);
      }
    }
  }

  // ---- persistence ----

  save(accessKey?: SavedWorld['accessKey']): SavedWorld {
    return {
      format: 'ack-one-simulator/world@1',
      savedAt: new Date().toISOString(),
      cloud: JSON.parse(JSON.stringify(this.cloud)),
      pki: this.pki,
      accessKey,
      servers: [...this.servers.values()].map(e => ({
        name: e.name,
        kind: e.kind,
        port: e.server.port,
        adminToken: e.adminToken,
        tokens: e.server
          .tokenEntries()
          .map(([t, exp]) => [t, exp ?? null] as [string, number | null]),
        resourceVersion: e.server.api.store.currentRv(),
        objects: e.server.api.store.dump(),
      })),
    };
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
