import { redact } from '../errors';
import { mapWithConcurrency } from '../mapWithConcurrency';
import type {
  AckOneCluster,
  AckOneFleetDetails,
  AckOneGateway,
  AckOneManagedCluster,
  AckOneService,
} from '../types';
import {
  listFleetApplicationSets,
  type AckOneApplicationSet,
} from '../write/applicationSets';

/** Fleet calls in flight at once while reading a region. */
const FLEET_CONCURRENCY = 8;

/** One Fleet as read from the cloud and the Fleet's own API server. */
export interface FleetData {
  fleet: AckOneFleetDetails;
  members: AckOneManagedCluster[];
  gateways: AckOneGateway[];
  gatewaysError?: string;
  /** When the gateways were read (ms). */
  gatewaysReadAt?: number;
  applicationSets: AckOneApplicationSet[];
  applicationSetsError?: string;
}

/** What one account/region holds. */
export interface RegionData {
  account: string;
  region: string;
  fleets: FleetData[];
  clusters: AckOneCluster[];
}

export function errorMessage(e: unknown): string {
  return redact(e instanceof Error ? e.message : String(e));
}

/**
 * Reads one account/region: its Fleets with details and members, and its
 * CS clusters; a failure of any of these fails the region. The gateways and
 * ApplicationSets of a running Fleet come from the Fleet's API server; when
 * they cannot be read, the last known ones (`previous`) are kept with the
 * error.
 */
export async function readRegion(
  ackOne: AckOneService,
  account: string,
  region: string,
  previous: Map<string, FleetData>,
): Promise<RegionData> {
  const [listed, clusters] = await Promise.all([
    ackOne.listFleets(account, region),
    ackOne.listClusters(account, region),
  ]);
  const fleets = await mapWithConcurrency(listed, FLEET_CONCURRENCY, f =>
    readFleet(ackOne, account, region, f.clusterId, previous.get(f.clusterId)),
  );
  return { account, region, fleets, clusters };
}

async function readFleet(
  ackOne: AckOneService,
  account: string,
  region: string,
  fleetId: string,
  previous: FleetData | undefined,
): Promise<FleetData> {
  const [fleet, members] = await Promise.all([
    ackOne.getFleet(account, region, fleetId),
    ackOne.listManagedClusters(account, region, fleetId),
  ]);
  const data: FleetData = {
    fleet,
    members,
    gateways: [],
    applicationSets: [],
  };
  if (fleet.state !== 'running') return data;
  const [gateways, appSets] = await Promise.allSettled([
    ackOne.listFleetGateways(account, region, fleetId),
    fleet.gitOpsEnabled === false
      ? Promise.resolve([])
      : listFleetApplicationSets(ackOne, account, region, fleetId),
  ]);
  if (gateways.status === 'fulfilled') {
    data.gateways = gateways.value;
    data.gatewaysReadAt = Date.now();
  } else {
    data.gateways = previous?.gateways ?? [];
    data.gatewaysReadAt = previous?.gatewaysReadAt;
    data.gatewaysError = errorMessage(gateways.reason);
  }
  if (appSets.status === 'fulfilled') data.applicationSets = appSets.value;
  else {
    data.applicationSets = previous?.applicationSets ?? [];
    data.applicationSetsError = errorMessage(appSets.reason);
  }
  return data;
}
