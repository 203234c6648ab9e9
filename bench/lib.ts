/* Helpers shared by the benchmark scripts under bench/. */
import type { Simulator } from '@internal/ack-one-simulator';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';

/** The simulator's cloud model, as its public `Simulator` type exposes it. */
type CloudState = Simulator['cloud']['state'];
export type SimCluster = CloudState['clusters'][number];
export type SimFleet = CloudState['fleets'][number];
export type SimVpc = CloudState['vpcs'][number];

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows
    .map(r =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  '),
    )
    .join('\n');
}

/**
 * A running member cluster for a benchmark world: a registered IDC cluster
 * (ExternalKubernetes, first vSwitch) or an ACK cluster (second vSwitch).
 */
export function benchCluster(opts: {
  clusterId: string;
  name: string;
  idc: boolean;
  vpc: SimVpc;
  region: string;
  created: string;
  kubeServer: string;
}): SimCluster {
  const { clusterId, name, idc, vpc, region, created, kubeServer } = opts;
  const [vsw1, vsw2] = vpc.vSwitches;
  return {
    clusterId,
    name,
    clusterType: idc ? 'ExternalKubernetes' : 'ManagedKubernetes',
    clusterSpec: idc ? undefined : 'ack.pro.small',
    regionId: region,
    zoneId: idc ? 'cn-hangzhou-idc' : vsw2.zoneId,
    vpcId: vpc.vpcId,
    vSwitchIds: [idc ? vsw1.vSwitchId : vsw2.vSwitchId],
    state: 'running',
    currentVersion: '1.31.1-aliyun.1',
    created,
    updated: created,
    tags: [{ key: 'location', value: idc ? 'idc' : 'cloud' }],
    deletionProtection: false,
    kubeServer,
  };
}

/** A running Fleet with GitOps and the gateway, over both vSwitches of the VPC. */
export function benchFleet(opts: {
  clusterId: string;
  name: string;
  vpc: SimVpc;
  region: string;
  created: string;
  members: string[];
  kubeServer: string;
}): SimFleet {
  const { vpc, created } = opts;
  return {
    clusterId: opts.clusterId,
    name: opts.name,
    regionId: opts.region,
    vpcId: vpc.vpcId,
    vSwitches: vpc.vSwitches.slice(0, 2).map(v => v.vSwitchId),
    profile: 'Default',
    state: 'running',
    created,
    updated: created,
    argoCdEnabled: true,
    argoCdHaEnabled: false,
    gatewayEnabled: true,
    publicApiServer: false,
    deletionProtection: false,
    members: opts.members,
    kubeServer: opts.kubeServer,
    tags: [],
  };
}

/** An `ackOne.accounts[]` entry pointed at a running simulator. */
export function simulatorAccount(sim: Simulator, region: string) {
  return simulatorAccountConfig(sim, { regions: [region] });
}
