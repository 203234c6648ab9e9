import type {
  AckOneCluster,
  AckOneFleet,
  AckOnePhysicalConnection,
  AckOneService,
  AckOneVpc,
  AckOneVSwitch,
  AckOneWhere,
  AckOneWriteService,
} from '@internal/plugin-ack-one-node';
import { isDryRunId, listOr } from './common';

/*
 * Pre-checks against live state: typed ids are never trusted. Each failure
 * names what the account does have, so the user can correct the input.
 */

const scope = (w: AckOneWhere) => `account ${w.account} in ${w.region}`;

export async function requireVpc(
  write: AckOneWriteService,
  where: AckOneWhere,
  vpcId: string,
): Promise<AckOneVpc> {
  const vpcs = await write.describeVpcs(where);
  const vpc = vpcs.find(v => v.vpcId === vpcId);
  if (!vpc) {
    throw new Error(
      `${vpcId} is not a VPC of ${scope(where)}; its VPCs: ${listOr(
        vpcs.map(v => `${v.vpcId} (${v.cidrBlock})`),
      )}`,
    );
  }
  return vpc;
}

/** The given vSwitches of a VPC, or all of them when none are given. */
export async function requireVSwitches(
  write: AckOneWriteService,
  where: AckOneWhere,
  vpc: AckOneVpc,
  ids: string[] | undefined,
): Promise<AckOneVSwitch[]> {
  const all = await write.describeVSwitches(where, vpc.vpcId);
  if (!ids?.length) return all;
  const missing = ids.filter(id => !all.some(s => s.vSwitchId === id));
  if (missing.length) {
    throw new Error(
      `${missing.join(', ')} ${
        missing.length > 1 ? 'are not vSwitches' : 'is not a vSwitch'
      } of ${vpc.vpcId}; its vSwitches: ${listOr(
        all.map(s => `${s.vSwitchId} (${s.zoneId}, ${s.cidrBlock})`),
      )}`,
    );
  }
  return ids.map(id => all.find(s => s.vSwitchId === id)!);
}

export async function requirePhysicalConnection(
  write: AckOneWriteService,
  where: AckOneWhere,
  id: string,
): Promise<AckOnePhysicalConnection> {
  const all = await write.describePhysicalConnections(where);
  const pc = all.find(p => p.physicalConnectionId === id);
  if (!pc) {
    throw new Error(
      `${id} is not an Express Connect circuit of ${scope(
        where,
      )}; its circuits: ${listOr(
        all.map(p => `${p.physicalConnectionId} (${p.name ?? ''} ${p.status})`),
      )}`,
    );
  }
  if (pc.status !== 'Enabled') {
    throw new Error(
      `the Express Connect circuit ${id} is ${pc.status}, not Enabled; a VBR can only be created on an enabled circuit`,
    );
  }
  return pc;
}

/** A Fleet by id or name. */
export async function requireFleet(
  ackOne: AckOneService,
  where: AckOneWhere,
  fleet: string,
): Promise<AckOneFleet> {
  const fleets = await ackOne.listFleets(where.account, where.region);
  const found =
    fleets.find(f => f.clusterId === fleet) ??
    fleets.find(f => f.name === fleet);
  if (!found) {
    throw new Error(
      `${fleet} is not a Fleet of ${scope(where)}; its Fleets: ${listOr(
        fleets.map(f => `${f.clusterId} (${f.name}, ${f.state})`),
      )}`,
    );
  }
  return found;
}

/** The clusters with these ids (dry-run placeholders are skipped). */
export async function requireClusters(
  ackOne: AckOneService,
  where: AckOneWhere,
  ids: string[],
): Promise<AckOneCluster[]> {
  const real = ids.filter(id => !isDryRunId(id));
  if (!real.length) return [];
  const clusters = await ackOne.listClusters(where.account, where.region);
  const missing = real.filter(id => !clusters.some(c => c.clusterId === id));
  if (missing.length) {
    throw new Error(
      `${missing.join(', ')} ${
        missing.length > 1 ? 'are not clusters' : 'is not a cluster'
      } of ${scope(where)}; its clusters: ${listOr(
        clusters.map(
          c => `${c.clusterId} (${c.name}, ${c.clusterType}, ${c.state})`,
        ),
      )}`,
    );
  }
  return real.map(id => clusters.find(c => c.clusterId === id)!);
}
