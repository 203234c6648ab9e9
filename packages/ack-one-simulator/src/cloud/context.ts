import type { FullCloudState, KubeBridge, SimCluster, SimFleet } from './model';
import { Params } from './params';
import type { CloudTiming, ResourceKind } from './timing';

export type { CloudTiming } from './timing';

export interface CloudLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Association state of a Fleet member, as DescribeManagedClusters reports it. */
export type MemberStatus = 'Installing' | 'Successed' | 'Failed' | 'Deleting';

/** What the product handlers get from CloudApi. */
export interface CloudContext {
  readonly state: FullCloudState;
  readonly bridge: KubeBridge;
  readonly timing: CloudTiming;
  readonly logger: CloudLogger;
  /** Runs `fn` after `ms` on an unref'd timer; a no-op once closed. Replaces an earlier timer with the same key. */
  schedule(key: string, ms: number, fn: () => void): void;
  /** Cancels the timer `key`, if any. */
  cancel(key: string): void;
  /** The simulated clock (ms since epoch). */
  now(): number;
  /** How long a transition of this kind takes now (the timing, or an override from the fault API). */
  duration(kind: ResourceKind): number;
  /**
   * The message of a forced failure queued for the next creation of this
   * kind (consumed), or undefined when the creation goes through.
   */
  takeCreationFailure(kind: ResourceKind): string | undefined;
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
