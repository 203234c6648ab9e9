import { CloudState, KubeBridge, SimCluster, SimFleet } from './model';
import { Params } from './params';

export interface CloudTiming {
  /** Fleet `initial` -> `running`, and Fleet deletion. */
  fleetReadyMs: number;
  /** ACK cluster `initial` -> `running`, and cluster deletion. */
  clusterReadyMs: number;
  /** BGP peer configured on both ends -> `Established`. */
  bgpEstablishMs: number;
  /** markAgentConnected -> registered cluster `running`. */
  agentConnectMs: number;
  /** Route entries `Pending` -> `Available`, CEN `Creating` -> `Active`, CEN attachments. */
  routeReadyMs: number;
}

export interface CloudLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Association state of a Fleet member, as DescribeManagedClusters reports it. */
export type MemberStatus = 'Installing' | 'Successed' | 'Failed' | 'Deleting';

/** What the product handlers get from CloudApi. */
export interface CloudContext {
  readonly state: CloudState;
  readonly bridge: KubeBridge;
  readonly timing: CloudTiming;
  readonly logger: CloudLogger;
  /** Runs `fn` after `ms` on an unref'd timer; a no-op once closed. Replaces an earlier timer with the same key. */
  schedule(key: string, ms: number, fn: () => void): void;
  /** https URL of a server's API endpoint, if known. */
  serverUrl(serverName: string, privateIpAddress: boolean): string | undefined;
  /** A kubeconfig context name for a cluster, as ACK names them. */
  contextName(clusterId: string): string;
  memberStatus(fleetId: string, clusterId: string): MemberStatus;
  /** Re-syncs a Fleet's members through the bridge (serialised per Fleet). */
  syncFleet(fleet: SimFleet): void;
  /** Removes a CS cluster from every Fleet it belongs to. */
  detachEverywhere(cluster: SimCluster): void;
}

export interface ApiRequest {
  action: string;
  method: string;
  /** ROA: query string. RPC: query string and form body, merged. */
  params: Params;
  /** ROA: parsed JSON body (or undefined). */
  body?: any;
  /** ROA: path parameters such as ClusterId. */
  pathParams: Record<string, string>;
  requestId: string;
}

export interface ApiResponse {
  status?: number;
  body: unknown;
}

export type Handler = (
  ctx: CloudContext,
  req: ApiRequest,
) => ApiResponse | Promise<ApiResponse>;
