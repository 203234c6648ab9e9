/*
 * The catalog benchmark's world on a running simulator (`empty` world): one
 * shared ACK API server (`ack`), one API server per Fleet (`fleet-NN`, one
 * MseIngressConfig + IngressClass each), and FLEETS running Fleets of
 * MEMBERS running members each, written straight into the cloud state.
 * Half the members are ExternalKubernetes on `idc`, half ManagedKubernetes
 * on `ack`: the provider only reads each cluster's API server and CA.
 */
import { mseGatewayObjects } from '@internal/ack-one-simulator';
import type { Simulator } from '@internal/ack-one-simulator';
import { benchCluster, benchFleet } from '../lib';
import type { SimVpc } from '../lib';
import { FLEETS, id, MEMBERS, REGION } from './config';

/** The members of Fleet `f`, added to the cloud state; their ids. */
function addMembers(
  sim: Simulator,
  f: number,
  ctx: { vpc: SimVpc; created: string },
): string[] {
  const ff = String(f).padStart(2, '0');
  const members: string[] = [];
  for (let m = 0; m < MEMBERS; m++) {
    const mm = String(m).padStart(2, '0');
    const idc = m % 2 === 0;
    const c = benchCluster({
      clusterId: id('m', f * 10_000 + m),
      name: idc ? `idc-f${ff}-${mm}` : `ack-f${ff}-${mm}`,
      idc,
      vpc: ctx.vpc,
      region: REGION,
      created: ctx.created,
      kubeServer: idc ? 'idc' : 'ack',
    });
    sim.cloud.state.clusters.push(c);
    members.push(c.clusterId);
  }
  return members;
}

/** Fleet `f` with its own API server and gateway. */
async function addFleet(
  sim: Simulator,
  f: number,
  members: string[],
  ctx: { vpc: SimVpc; created: string },
) {
  const ff = String(f).padStart(2, '0');
  const serverName = `fleet-${ff}`;
  const entry = await sim.world.addServer(serverName, 'fleet');
  for (const obj of mseGatewayObjects({
    name: `gateway-f${ff}`,
    instanceName: `mse-${ff}`,
    ingressClass: `mse-${ff}`,
    clusterIds: members,
    vSwitchId: ctx.vpc.vSwitches[0].vSwitchId,
    id: `gw-${ff}`,
  }))
    entry.server.api.upsert(obj);
  sim.cloud.state.fleets.push(
    benchFleet({
      clusterId: id('f', f),
      name: `fleet-${ff}`,
      vpc: ctx.vpc,
      region: REGION,
      created: ctx.created,
      members,
      kubeServer: serverName,
    }),
  );
}

/** Builds the world; the number of member clusters and how long it took. */
export async function buildWorld(sim: Simulator) {
  const t0 = performance.now();
  const ctx = {
    vpc: sim.cloud.state.vpcs[0],
    created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  await sim.world.addServer('ack', 'ack');
  let clusterCount = 0;
  for (let f = 0; f < FLEETS; f++) {
    const members = addMembers(sim, f, ctx);
    clusterCount += members.length;
    await addFleet(sim, f, members, ctx);
  }
  return { clusterCount, setupMs: performance.now() - t0 };
}
