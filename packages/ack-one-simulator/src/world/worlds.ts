import {
  CloudState,
  SimCluster,
  SimFleet,
  SimPhysicalConnection,
  SimVpc,
} from '../cloud/model';
import { createHash } from 'node:crypto';
import { World, WorldOptions } from './World';
import { demoApplicationSets, demoIngresses, demoNamespaces } from './demoApps';

/**
 * Ids of the built-in worlds' resources are derived from their names, so a
 * world started again has the same VPC, clusters and Fleet, and a catalog
 * that outlives the simulator (PostgreSQL) keeps the same entities. Tokens,
 * keys and the CA are new on every start; resources created through the APIs
 * get random ids as they do in the cloud.
 */
function stableHex(label: string, length: number): string {
  return createHash('sha256')
    .update(`ack-one-simulator/${label}`)
    .digest('hex')
    .slice(0, length);
}
import {
  MSE_API_GROUP,
  MSE_INGRESS_CONFIG_KIND,
  MSE_INGRESS_CONTROLLER,
  MSE_REMOTE_CLUSTERS_ANNOTATION,
} from '@internal/plugin-ack-one-common';

export const DEMO_REGION = 'cn-hangzhou';
export const DEMO_ACCOUNT_ID = '1817123456789012';

function now() {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function baseCloud(): CloudState {
  const vpcId = `vpc-bp1${stableHex('vpc', 17)}`;
  return {
    accountId: DEMO_ACCOUNT_ID,
    regions: [DEMO_REGION],
    vpcs: [
      {
        vpcId,
        regionId: DEMO_REGION,
        cidrBlock: '192.168.0.0/16',
        routeTableId: `vtb-bp1${stableHex('vtb', 17)}`,
        vSwitches: [
          {
            vSwitchId: `vsw-bp1${stableHex('vsw/1', 17)}`,
            zoneId: 'cn-hangzhou-h',
            cidrBlock: '192.168.1.0/24',
          },
          {
            vSwitchId: `vsw-bp1${stableHex('vsw/2', 17)}`,
            zoneId: 'cn-hangzhou-i',
            cidrBlock: '192.168.2.0/24',
          },
        ],
      },
    ],
    clusters: [],
    fleets: [],
    vbrs: [],
    bgpGroups: [],
    bgpPeers: [],
    bgpNetworks: [],
    routeEntries: [],
    cens: [],
    tasks: [],
    physicalConnections: [idcLine()],
    // the documented default edition; the region offers Enterprise transit routers
    cenEditions: { [DEMO_REGION]: 'Enterprise' },
  };
}

/**
 * The IDC's leased line (Express Connect circuit, Enabled) and the IDC
 * router at its far end: AS 65010, speaking BGP from 10.254.0.2 without an
 * MD5 key. A VBR on it peers with that router when its BGP group has
 * PeerAsn 65010 and its BGP peer PeerIpAddress 10.254.0.2 (e.g. VBR
 * 10.254.0.1 / 10.254.0.2, mask 255.255.255.252).
 */
export const IDC_ROUTER = { asn: 65010, ipAddress: '10.254.0.2' };

function idcLine(): SimPhysicalConnection {
  return {
    physicalConnectionId: `pc-bp1${stableHex('pc/idc', 17)}`,
    regionId: DEMO_REGION,
    name: 'idc-leased-line',
    accessPointId: 'ap-cn-hangzhou-xs-A',
    bandwidth: 1000,
    lineOperator: 'CT',
    status: 'Enabled',
    businessStatus: 'Normal',
    creationTime: '2025-01-01T00:00:00Z',
    idcRouter: { ...IDC_ROUTER },
  };
}

/**
 * `empty`: the account, one VPC with two vSwitches, the IDC's leased line
 * (with the IDC router at its far end, see IDC_ROUTER), Enterprise Edition
 * CEN in cn-hangzhou, and an IDC cluster whose Kubernetes API (server `idc`)
 * runs but is not registered with ACK One.
 */
export async function createEmptyWorld(
  opts: WorldOptions = {},
): Promise<World> {
  const world = new World(baseCloud(), World.newPki(opts.host), opts);
  await world.addServer('idc', 'idc');
  return world;
}

function cluster(
  partial: Partial<SimCluster> &
    Pick<
      SimCluster,
      'name' | 'clusterType' | 'zoneId' | 'vpcId' | 'vSwitchIds' | 'kubeServer'
    >,
): SimCluster {
  const t = now();
  return {
    clusterId: `c${stableHex(`cluster/${partial.name}`, 32)}`,
    regionId: DEMO_REGION,
    state: 'running',
    currentVersion: '1.31.1-aliyun.1',
    created: t,
    updated: t,
    tags: [],
    deletionProtection: true,
    ...partial,
  };
}

/**
 * A Fleet's multi-cluster gateway as it stands once listening: the
 * `MseIngressConfig` (serving the given member clusters) and the
 * IngressClass that routes through it.
 *
 * @public
 */
export function mseGatewayObjects(opts: {
  name: string;
  /** The MSE gateway instance's name (`spec.name`). */
  instanceName: string;
  ingressClass: string;
  clusterIds: string[];
  vSwitchId: string;
  id: string;
}): any[] {
  return [
    {
      apiVersion: 'mse.alibabacloud.com/v1alpha1',
      kind: 'MseIngressConfig',
      metadata: {
        name: opts.name,
        annotations: {
          [MSE_REMOTE_CLUSTERS_ANNOTATION]: opts.clusterIds.join(','),
        },
      },
      spec: {
        name: opts.instanceName,
        common: {
          instance: { spec: '2c4g', replicas: 3 },
          network: { vSwitches: [opts.vSwitchId] },
        },
        ingress: { local: { ingressClass: opts.ingressClass } },
      },
      status: { status: 'Listening', endpoint: '', id: opts.id },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: opts.ingressClass },
      spec: {
        controller: MSE_INGRESS_CONTROLLER,
        parameters: {
          apiGroup: MSE_API_GROUP,
          kind: MSE_INGRESS_CONFIG_KIND,
          name: opts.name,
        },
      },
    },
  ];
}

/** The demo's IDC cluster (registered, ExternalKubernetes) and ACK cluster. */
function demoClusters(vpc: SimVpc): { idc: SimCluster; ack: SimCluster } {
  const [vsw1, vsw2] = vpc.vSwitches;
  const idc = cluster({
    name: 'idc-k8s',
    clusterType: 'ExternalKubernetes',
    zoneId: 'cn-hangzhou-idc',
    vpcId: vpc.vpcId,
    vSwitchIds: [vsw1.vSwitchId],
    kubeServer: 'idc',
    tags: [{ key: 'location', value: 'idc' }],
    deletionProtection: false,
  });
  const ack = cluster({
    name: 'ack-hangzhou',
    clusterType: 'ManagedKubernetes',
    clusterSpec: 'ack.pro.small',
    zoneId: vsw2.zoneId,
    vpcId: vpc.vpcId,
    vSwitchIds: [vsw2.vSwitchId],
    securityGroupId: `sg-bp1${stableHex('sg', 17)}`,
    containerCidr: '172.20.0.0/16',
    serviceCidr: '172.21.0.0/20',
    kubeServer: 'ack',
    tags: [{ key: 'location', value: 'cloud' }],
  });
  return { idc, ack };
}

/** The demo's running Fleet with GitOps and the gateway, over both vSwitches. */
function demoFleet(vpc: SimVpc, members: string[]): SimFleet {
  const t = now();
  return {
    clusterId: `c${stableHex('fleet/ackone-fleet', 32)}`,
    name: 'ackone-fleet',
    regionId: DEMO_REGION,
    vpcId: vpc.vpcId,
    vSwitches: vpc.vSwitches.slice(0, 2).map(v => v.vSwitchId),
    profile: 'Default',
    state: 'running',
    created: t,
    updated: t,
    argoCdEnabled: true,
    argoCdHaEnabled: false,
    gatewayEnabled: true,
    publicApiServer: false,
    deletionProtection: true,
    members,
    kubeServer: 'fleet',
    tags: [],
  };
}

/**
 * `demo`: cn-hangzhou, one VPC (two vSwitches in two zones), the IDC's
 * leased line and router as in `empty` (no VBR yet), a running Fleet
 * with GitOps and the gateway (MseIngressConfig Listening, IngressClass
 * `mse`), the IDC cluster registered as ExternalKubernetes (location idc)
 * and an ACK cluster (ManagedKubernetes), both Fleet members.
 *
 * Applications (ApplicationSets in the Fleet, Ingresses in the Fleet):
 * - `web-demo` (ns web-demo): Deployment `web-demo` (2 replicas, HPA up
 *   to 4) and Service `service1` (80 -> 8080) in both clusters; `example.com/svc1`
 *   split 50/50 (base pinned to IDC, canary weight 50 pinned to ACK).
 * - `orders` (ns orders): 3 replicas in IDC, 1 in ACK (under-replicated
 *   standby); `orders.example.com/` follows pod counts (75/25).
 * - `payments` (ns payments): 2 + 2 replicas but all traffic on IDC
 *   (canary weight 0 to ACK): 100/0.
 * - `reports` (ns reports): deployed to the IDC cluster only (missing
 *   from ACK); `reports.example.com/`.
 */
export async function createDemoWorld(opts: WorldOptions = {}): Promise<World> {
  const cloud = baseCloud();
  const vpc = cloud.vpcs[0];
  const { idc, ack } = demoClusters(vpc);
  const fleet = demoFleet(vpc, [idc.clusterId, ack.clusterId]);
  cloud.clusters.push(idc, ack);
  cloud.fleets.push(fleet);
  const world = new World(cloud, World.newPki(opts.host), opts);
  await world.addServer('idc', 'idc');
  await world.addServer('ack', 'ack');
  const fl = await world.addServer('fleet', 'fleet');
  await world.syncFleetMembers(fleet, [idc, ack]);
  const gateway = mseGatewayObjects({
    name: 'ackone-gateway-hangzhou',
    instanceName: 'mse-ingress',
    ingressClass: 'mse',
    clusterIds: [idc.clusterId, ack.clusterId],
    vSwitchId: vpc.vSwitches[0].vSwitchId,
    id: `gw-${stableHex('gateway', 24)}`,
  });
  for (const obj of [
    ...demoNamespaces(),
    ...gateway,
    ...demoApplicationSets(),
    ...demoIngresses(idc.clusterId, ack.clusterId),
  ])
    fl.server.api.upsert(obj);
  return world;
}
