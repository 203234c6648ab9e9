import { clusterLocationOf } from '@internal/plugin-ack-one-common';
import type { AckOneCluster } from '../types';
import type { FleetData, RegionData } from './readRegion';
import { entityNameOf, isConnectableCluster, isLeavingMember } from './rules';
import type {
  AckOneInventoryCluster,
  AckOneInventoryFleet,
  AckOneInventoryMember,
  AckOneInventoryRegion,
} from './types';

/** One account/region's last good data and how its last read went. */
export interface RegionState {
  status: AckOneInventoryRegion;
  data?: RegionData;
}

function toMember(
  fleet: FleetData['fleet'],
  m: FleetData['members'][number],
  cluster: AckOneCluster | undefined,
  region: string,
): AckOneInventoryMember {
  const clusterType = cluster?.clusterType || m.clusterType;
  const state = cluster?.state || m.state;
  return {
    clusterId: m.clusterId,
    name: m.name || cluster?.name || '',
    fleetId: fleet.clusterId,
    ref: {
      kind: 'cluster',
      account: fleet.account,
      region,
      clusterId: m.clusterId,
      clusterType,
    },
    clusterType,
    location: clusterType ? clusterLocationOf(clusterType) : undefined,
    memberState: m.memberState,
    memberMessage: m.memberMessage,
    state,
    apiServerEndpoints: { ...cluster?.apiServerEndpoints },
    // the name of the CS cluster, as its catalog entity is named
    entityName: entityNameOf(cluster?.name || m.name, m.clusterId),
    connectable: isConnectableCluster({ state, memberState: m.memberState }),
  };
}

function toFleet(
  d: FleetData,
  region: string,
  clusterById: Map<string, AckOneCluster>,
): AckOneInventoryFleet {
  const { fleet } = d;
  return {
    ...fleet,
    ref: {
      kind: 'fleet',
      account: fleet.account,
      region,
      clusterId: fleet.clusterId,
    },
    entityName: entityNameOf(fleet.name, fleet.clusterId),
    members: d.members
      .filter(m => !isLeavingMember(m.memberState))
      .map(m => toMember(fleet, m, clusterById.get(m.clusterId), region)),
    gateways: d.gateways,
    gatewaysError: d.gatewaysError,
    gatewaysReadAt:
      d.gatewaysReadAt === undefined
        ? undefined
        : new Date(d.gatewaysReadAt).toISOString(),
    applicationSets: d.applicationSets,
    applicationSetsError: d.applicationSetsError,
  };
}

/** The Fleets and clusters of every region, joined across regions by id. */
export function buildTopology(regions: RegionState[]): {
  fleets: AckOneInventoryFleet[];
  clusters: AckOneInventoryCluster[];
} {
  const clusterById = new Map<string, AckOneCluster>();
  for (const r of regions)
    for (const c of r.data?.clusters ?? []) clusterById.set(c.clusterId, c);
  const fleets = regions.flatMap(r =>
    (r.data?.fleets ?? []).map(f => toFleet(f, r.status.region, clusterById)),
  );
  const fleetIdsOf = new Map<string, string[]>();
  for (const f of fleets)
    for (const m of f.members)
      fleetIdsOf.set(m.clusterId, [
        ...(fleetIdsOf.get(m.clusterId) ?? []),
        f.clusterId,
      ]);
  const clusters = regions.flatMap(r =>
    (r.data?.clusters ?? []).map(
      (c): AckOneInventoryCluster => ({
        ...c,
        ref: {
          kind: 'cluster',
          account: c.account,
          region: r.status.region,
          clusterId: c.clusterId,
          clusterType: c.clusterType || undefined,
        },
        location: clusterLocationOf(c.clusterType),
        entityName: entityNameOf(c.name, c.clusterId),
        connectable: isConnectableCluster({ state: c.state }),
        fleetIds: fleetIdsOf.get(c.clusterId) ?? [],
      }),
    ),
  );
  return { fleets, clusters };
}
