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
import type {
  SimCluster,
  SimFleet,
} from '../../packages/ack-one-simulator/src/cloud/model';

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

export async function buildWorld(
  sim: Simulator,
  opts: { clusters: number; services: number; log?: (m: string) => void },
): Promise<BenchWorld> {
  const log = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const state = sim.cloud.state;
  const vpc = state.vpcs[0];
  const [vsw1] = vpc.vSwitches;
  const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const services: BenchService[] = [];
  for (let i = 0; i < opts.services; i++)
    services.push({
      name: serviceName(i),
      namespace: serviceNamespace(i),
      hasIngress: i % INGRESS_EVERY === 0,
    });
  const namespaces = [...new Set(services.map(s => s.namespace))].sort();

  // ---------------------------------------------------------- clusters
  let t = performance.now();
  const clusters: BenchCluster[] = [];
  const simClusters: SimCluster[] = [];
  for (let c = 0; c < opts.clusters; c++) {
    const idc = c % 2 === 0;
    const name = `${idc ? 'idc' : 'ack'}-${String(c).padStart(2, '0')}`;
    const sc = benchCluster({
      clusterId: csId('dr', c),
      name,
      idc,
      vpc,
      region: REGION,
      created,
      kubeServer: name,
    });
    await sim.world.addServer(name, idc ? 'idc' : 'ack');
    state.clusters.push(sc);
    simClusters.push(sc);
    clusters.push({
      name,
      clusterId: sc.clusterId,
      clusterType: sc.clusterType,
    });
  }
  timings.servers = performance.now() - t;

  // ------------------------------------------------------------- fleet
  t = performance.now();
  const fleetEntry = await sim.world.addServer(FLEET_NAME, 'fleet');
  const fleet = benchFleet({
    clusterId: csId('fleet', 0),
    name: FLEET_NAME,
    vpc,
    region: REGION,
    created,
    members: simClusters.map(c => c.clusterId),
    kubeServer: FLEET_NAME,
  });
  state.fleets.push(fleet);
  await sim.world.syncFleetMembers(fleet, simClusters);
  const fapi = fleetEntry.server.api;
  for (const obj of mseGatewayObjects({
    name: 'dr-gateway',
    instanceName: 'mse-dr',
    ingressClass: INGRESS_CLASS,
    clusterIds: fleet.members,
    vSwitchId: vsw1.vSwitchId,
    id: 'gw-bench',
  }))
    fapi.upsert(obj);
  timings.fleet = performance.now() - t;

  // --------------------------------------------------------- workloads
  t = performance.now();
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
  timings.workloads = performance.now() - t;

  // ----------------------------------------------------- fleet ingresses
  t = performance.now();
  for (const ns of namespaces)
    fapi.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  for (const s of services) if (s.hasIngress) fapi.upsert(ingress(s));
  // let the gateway controller compute its table once
  await new Promise(r => setTimeout(r, 100));
  timings.ingresses = performance.now() - t;

  const perCluster = sim.world.server(clusters[0].name).api.store.count();
  let total = 0;
  for (const e of sim.world.servers.values())
    total += e.server.api.store.count();
  return {
    fleet,
    clusters,
    services,
    timings,
    objects: { perCluster, total },
  };
}
