/*
 * The world of the DR status benchmark, built programmatically on a running
 * simulator (started from the `empty` world): one Fleet with `clusters`
 * member clusters, each its own Kubernetes API server, and `services`
 * services deployed to every member cluster.
 *
 * Per service and member cluster: a Deployment (2 replicas, labelled
 * `backstage.io/kubernetes-id: svc-NNNN`) and a Service. The Deployments go
 * through the simulator's real controllers (ReplicaSet, pods becoming ready
 * after `podReadyDelayMs`, Endpoints and EndpointSlices), so a `scale`
 * during the benchmark moves desired, then ready, as in a cluster. Services
 * share SHARED_NAMESPACES team namespaces (100 services per namespace with
 * the defaults), so a namespace-scoped, label-selected list in the stock
 * Kubernetes backend scans realistic neighbours.
 *
 * Objects are written straight into each server's store with
 * `server.api.upsert` (no HTTP), one cluster at a time, and the bench waits
 * for that cluster's controllers to settle (every Deployment ready) before
 * the next one, which keeps the event queue and the pod timers small.
 */
import { mseGatewayObjects } from '@internal/ack-one-simulator';
import type { Simulator } from '@internal/ack-one-simulator';
import { benchCluster, benchFleet } from '../lib';
import type { SimCluster, SimFleet, SimVpc } from '../lib';

export const REGION = 'cn-hangzhou';
export const FLEET_NAME = 'dr-fleet';
export const INGRESS_CLASS = 'mse';
export const SHARED_NAMESPACES = 20;
export const REPLICAS = 2;
/** One service in INGRESS_EVERY gets a Fleet Ingress (gateway route). */
export const INGRESS_EVERY = 10;

export interface BenchCluster {
  /** server name = cluster name, e.g. `idc-00`, `ack-01` */
  name: string;
  clusterId: string;
  clusterType: SimCluster['clusterType'];
}

export interface BenchService {
  name: string;
  namespace: string;
  hasIngress: boolean;
}

export interface BenchWorld {
  fleet: SimFleet;
  clusters: BenchCluster[];
  services: BenchService[];
  /** ms per phase */
  timings: Record<string, number>;
  objects: { perCluster: number; total: number };
}

/** Deterministic CS-style id: `c` + 32 hex digits. */
export function csId(prefix: string, n: number) {
  const hex = Buffer.from(`${prefix}${n}`).toString('hex');
  return `c${hex.padEnd(32, '0').slice(0, 32)}`;
}

export function serviceName(i: number) {
  return `svc-${String(i).padStart(4, '0')}`;
}

export function serviceNamespace(i: number) {
  return `team-${String(i % SHARED_NAMESPACES).padStart(2, '0')}`;
}

export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

function deployment(svc: BenchService) {
  const labels = { app: svc.name, [KUBERNETES_ID_LABEL]: svc.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: svc.name,
      namespace: svc.namespace,
      labels: { ...labels, 'app.kubernetes.io/part-of': svc.namespace },
    },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: svc.name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.cn-hangzhou.aliyuncs.com/bench/${svc.name}:1.0.0`,
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

function service(svc: BenchService) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: svc.name,
      namespace: svc.namespace,
      labels: { [KUBERNETES_ID_LABEL]: svc.name },
    },
    spec: {
      selector: { app: svc.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
}

function ingress(svc: BenchService) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: svc.name,
      namespace: svc.namespace,
      labels: { [KUBERNETES_ID_LABEL]: svc.name },
    },
    spec: {
      ingressClassName: INGRESS_CLASS,
      rules: [
        {
          host: `${svc.name}.example.com`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: svc.name, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** Resolves when every Deployment of the server reports all replicas ready. */
async function settled(
  sim: Simulator,
  server: string,
  namespaces: string[],
  expected: number,
  timeoutMs: number,
) {
  const api = sim.world.server(server).api;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let ready = 0;
    for (const ns of namespaces)
      for (const d of api.store.iterate('apps/deployments', ns))
        if ((d.status?.readyReplicas ?? 0) >= (d.spec?.replicas ?? 1)) ready++;
    if (ready >= expected) return;
    if (Date.now() > deadline)
      throw new Error(
        `cluster ${server}: ${ready}/${expected} Deployments ready after ${timeoutMs} ms`,
      );
    await new Promise(r => setTimeout(r, 50));
  }
}

type KubeApi = ReturnType<Simulator['world']['server']>['api'];

function benchServices(count: number): BenchService[] {
  const services: BenchService[] = [];
  for (let i = 0; i < count; i++)
    services.push({
      name: serviceName(i),
      namespace: serviceNamespace(i),
      hasIngress: i % INGRESS_EVERY === 0,
    });
  return services;
}

/** Member clusters, alternately IDC and ACK, each its own API server. */
async function addClusters(
  sim: Simulator,
  count: number,
  ctx: { vpc: SimVpc; created: string },
) {
  const clusters: BenchCluster[] = [];
  const simClusters: SimCluster[] = [];
  for (let c = 0; c < count; c++) {
    const idc = c % 2 === 0;
    const name = `${idc ? 'idc' : 'ack'}-${String(c).padStart(2, '0')}`;
    const sc = benchCluster({
      clusterId: csId('dr', c),
      name,
      idc,
      vpc: ctx.vpc,
      region: REGION,
      created: ctx.created,
      kubeServer: name,
    });
    await sim.world.addServer(name, idc ? 'idc' : 'ack');
    sim.cloud.state.clusters.push(sc);
    simClusters.push(sc);
    clusters.push({
      name,
      clusterId: sc.clusterId,
      clusterType: sc.clusterType,
    });
  }
  return { clusters, simClusters };
}

/** The Fleet over every member, with its gateway Listening. */
async function addFleet(
  sim: Simulator,
  members: SimCluster[],
  ctx: { vpc: SimVpc; created: string },
) {
  const fleetEntry = await sim.world.addServer(FLEET_NAME, 'fleet');
  const fleet = benchFleet({
    clusterId: csId('fleet', 0),
    name: FLEET_NAME,
    vpc: ctx.vpc,
    region: REGION,
    created: ctx.created,
    members: members.map(c => c.clusterId),
    kubeServer: FLEET_NAME,
  });
  sim.cloud.state.fleets.push(fleet);
  await sim.world.syncFleetMembers(fleet, members);
  const fapi = fleetEntry.server.api;
  for (const obj of mseGatewayObjects({
    name: 'dr-gateway',
    instanceName: 'mse-dr',
    ingressClass: INGRESS_CLASS,
    clusterIds: fleet.members,
    vSwitchId: ctx.vpc.vSwitches[0].vSwitchId,
    id: 'gw-bench',
  }))
    fapi.upsert(obj);
  return { fleet, fapi };
}

/** Every service on every cluster, one cluster at a time, until ready. */
async function deployWorkloads(
  sim: Simulator,
  clusters: BenchCluster[],
  services: BenchService[],
  log: (m: string) => void,
) {
  const namespaces = [...new Set(services.map(s => s.namespace))].sort();
  for (const c of clusters) {
    const tc = performance.now();
    const api = sim.world.server(c.name).api;
    for (const ns of namespaces)
      api.upsert({
        apiVersion: 'v1',
        kind: 'Namespace',
        // the team namespaces belong to the services' owner
        metadata: { name: ns, labels: { 'ack-one/owner': 'platform-team' } },
      });
    for (const s of services) {
      api.upsert(deployment(s));
      api.upsert(service(s));
    }
    await settled(sim, c.name, namespaces, services.length, 180_000);
    log(
      `  ${c.name}: ${
        services.length
      } Deployments ready, ${api.store.count()} objects, ${(
        performance.now() - tc
      ).toFixed(0)} ms`,
    );
  }
}

/** The Fleet Ingresses (gateway routes) of one service in INGRESS_EVERY. */
async function addFleetIngresses(fapi: KubeApi, services: BenchService[]) {
  const namespaces = [...new Set(services.map(s => s.namespace))].sort();
  for (const ns of namespaces)
    fapi.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  for (const s of services) if (s.hasIngress) fapi.upsert(ingress(s));
  // let the gateway controller compute its table once
  await new Promise(r => setTimeout(r, 100));
}

function countObjects(sim: Simulator, clusters: BenchCluster[]) {
  const perCluster = sim.world.server(clusters[0].name).api.store.count();
  let total = 0;
  for (const e of sim.world.servers.values())
    total += e.server.api.store.count();
  return { perCluster, total };
}

export async function buildWorld(
  sim: Simulator,
  opts: { clusters: number; services: number; log?: (m: string) => void },
): Promise<BenchWorld> {
  const log = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, fn: () => Promise<T>) => {
    const t = performance.now();
    const out = await fn();
    timings[phase] = performance.now() - t;
    return out;
  };
  const ctx = {
    vpc: sim.cloud.state.vpcs[0],
    created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  const services = benchServices(opts.services);
  const { clusters, simClusters } = await timed('servers', () =>
    addClusters(sim, opts.clusters, ctx),
  );
  const { fleet, fapi } = await timed('fleet', () =>
    addFleet(sim, simClusters, ctx),
  );
  await timed('workloads', () => deployWorkloads(sim, clusters, services, log));
  await timed('ingresses', () => addFleetIngresses(fapi, services));
  return {
    fleet,
    clusters,
    services,
    timings,
    objects: countObjects(sim, clusters),
  };
}
