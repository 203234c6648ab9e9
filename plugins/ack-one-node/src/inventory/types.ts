import type { ClusterLocation } from '@internal/plugin-ack-one-common';
import type { AckOneClusterRef } from '../clusterRef';
import type {
  AckOneCluster,
  AckOneFleetDetails,
  AckOneGateway,
} from '../types';
import type { AckOneApplicationSet } from '../write/applicationSets';

/**
 * A CS cluster (ACK or registered IDC cluster) of the inventory.
 *
 * @public
 */
export interface AckOneInventoryCluster extends AckOneCluster {
  /** Where to fetch its kubeconfig (the account and region it was listed in). */
  ref: AckOneClusterRef;
  /** `idc` for a registered cluster, else `cloud`. */
  location: ClusterLocation;
  /** Its catalog entity name (the one naming rule); undefined: neither name nor id is valid. */
  entityName?: string;
  /** Whether its API server may be reached (the one connectable rule). */
  connectable: boolean;
  /** Fleets it is a member of (leaving members excluded). */
  fleetIds: string[];
}

/**
 * A member cluster of a Fleet, with what its CS cluster adds.
 *
 * @public
 */
export interface AckOneInventoryMember {
  clusterId: string;
  name: string;
  fleetId: string;
  /** Where to fetch its kubeconfig. */
  ref: AckOneClusterRef;
  clusterType?: string;
  /** `idc` or `cloud`; undefined when the type is not reported. */
  location?: ClusterLocation;
  /** Association state with the Fleet: `Installing`, `Successed`, `Failed`, ... */
  memberState?: string;
  memberMessage?: string;
  /** Cloud (CS) state of the cluster: `running`, `waiting`, ... */
  state?: string;
  /** From the cluster's `master_url`, when CS lists it. */
  apiServerEndpoints: { public?: string; intranet?: string };
  entityName?: string;
  connectable: boolean;
}

/**
 * A Fleet of the inventory with its members, gateways and ApplicationSets.
 *
 * @public
 */
export interface AckOneInventoryFleet extends AckOneFleetDetails {
  ref: AckOneClusterRef;
  entityName?: string;
  /**
   * Its member clusters; members leaving the Fleet (`Deleting`, `Deleted`)
   * are left out.
   */
  members: AckOneInventoryMember[];
  /** Its multi-cluster gateways (read only from a running Fleet). */
  gateways: AckOneGateway[];
  /** Why its gateways could not be read just now; they are the last known. */
  gatewaysError?: string;
  /** When its gateways were last read (ISO). */
  gatewaysReadAt?: string;
  /** The Argo CD ApplicationSets of a running Fleet with GitOps. */
  applicationSets: AckOneApplicationSet[];
  /** Why its ApplicationSets could not be read just now; they are the last known. */
  applicationSetsError?: string;
}

/**
 * How one account/region was read.
 *
 * @public
 */
export interface AckOneInventoryRegion {
  account: string;
  region: string;
  /** When it was last read in full (ISO); undefined: never yet. */
  readAt?: string;
  /**
   * Why the last read failed (redacted); its Fleets and clusters are then
   * those of the last good read.
   */
  error?: string;
}

/**
 * The ACK One topology at one moment. Never changed once handed out.
 *
 * @public
 */
export interface AckOneInventorySnapshot {
  /** Increases with every change; 0 before the first read. */
  version: number;
  regions: AckOneInventoryRegion[];
  fleets: AckOneInventoryFleet[];
  /** Every CS cluster of every account/region. */
  clusters: AckOneInventoryCluster[];
}

/**
 * The cloud state and Fleet membership state of a cluster, as far as known.
 *
 * @public
 */
export interface AckOneClusterStates {
  state?: string;
  memberState?: string;
}

/**
 * The one inventory of ACK One every backend plugin reads from: accounts,
 * regions, Fleets (with their details, members, gateways and
 * ApplicationSets) and CS clusters, re-read on a schedule, with the one
 * connectable rule and the one naming rule.
 *
 * @public
 */
export interface AckOneInventory {
  /** The data now (empty before the first read), without waiting. */
  current(): AckOneInventorySnapshot;
  /** The data once the first read has finished (whatever its outcome). */
  ready(): Promise<AckOneInventorySnapshot>;
  /** Reads everything again now; concurrent calls share one read. Never throws. */
  refresh(): Promise<AckOneInventorySnapshot>;
  /**
   * Calls `listener` after every change of the data. Returns the function
   * that unsubscribes it.
   */
  subscribe(listener: (snapshot: AckOneInventorySnapshot) => void): () => void;
  /**
   * A CS cluster by id. An id not known is looked up with one
   * (shared) read, and then answered from memory as unknown for a while.
   */
  findCluster(clusterId: string): Promise<AckOneInventoryCluster | undefined>;
  /**
   * A Fleet by cluster id, name or entity ref (`resource:default/<name>`);
   * undefined when none or several match. Unknown values are re-read and
   * cached as unknown like `findCluster`.
   */
  findFleet(idOrName: string): Promise<AckOneInventoryFleet | undefined>;
  /** The Fleets an id, name or entity ref names in the current data (several: ambiguous). */
  matchFleets(idOrName: string): AckOneInventoryFleet[];
  /**
   * The gateways of a Fleet (by cluster id), read again from the Fleet
   * when those held are older than `maxAgeMs` (default 0: always);
   * concurrent reads of one Fleet are shared, and what is read updates the
   * inventory. Fails when the Fleet is not in the inventory or cannot be
   * read.
   */
  fleetGateways(
    fleetId: string,
    options?: { maxAgeMs?: number },
  ): Promise<AckOneGateway[]>;
  /** Where a cluster or Fleet with this id lives (for its kubeconfig), read like `findCluster`. */
  findRef(clusterId: string): Promise<AckOneClusterRef | undefined>;
  /**
   * The one connectable rule: a cluster is reached only when its cloud
   * state (when known) is running, updating, upgrading or scaling, and it
   * is not leaving its Fleet (`Deleting`, `Deleted`).
   */
  isConnectable(cluster: AckOneClusterStates): boolean;
  /**
   * The one naming rule: the catalog entity name (and Kubernetes cluster
   * name) of a cloud object: its name when valid, else its lower-cased id,
   * else undefined.
   */
  entityName(name: string, id: string): string | undefined;
}
