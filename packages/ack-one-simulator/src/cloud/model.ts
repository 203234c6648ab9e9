/**
 * The in-memory model of the simulated Alibaba Cloud account.
 *
 * This is the contract between the OpenAPI side (`src/cloud`) and the
 * Kubernetes/world side (`src/kube`, `src/world`). Fields may be added; the
 * existing ones keep their meaning.
 */

/** CS cluster types, as the CS API spells them. */
export type CsClusterType =
  | 'ExternalKubernetes'
  | 'ManagedKubernetes'
  | 'Kubernetes';

/** CS cluster states (DescribeClusterDetail `state`). */
export type CsClusterState =
  | 'initial'
  | 'failed'
  | 'running'
  | 'updating'
  | 'upgrading'
  | 'removing'
  | 'draining'
  | 'scaling'
  | 'inactive'
  | 'unavailable'
  | 'deleting'
  | 'deleted'
  | 'delete_failed'
  | 'waiting'
  | 'disconnected';

/** Fleet (hub cluster) states. */
export type FleetState =
  | 'initial'
  | 'failed'
  | 'running'
  | 'inactive'
  | 'deleting'
  | 'delete_failed'
  | 'deleted';

export interface SimVpc {
  vpcId: string;
  regionId: string;
  cidrBlock: string;
  routeTableId: string;
  vSwitches: Array<{ vSwitchId: string; zoneId: string; cidrBlock: string }>;
}

export interface SimCluster {
  clusterId: string;
  name: string;
  clusterType: CsClusterType;
  clusterSpec?: string;
  regionId: string;
  zoneId: string;
  vpcId: string;
  vSwitchIds: string[];
  securityGroupId?: string;
  containerCidr?: string;
  serviceCidr?: string;
  state: CsClusterState;
  currentVersion: string;
  created: string; // RFC3339
  updated: string; // RFC3339
  tags: Array<{ key: string; value: string }>;
  deletionProtection: boolean;
  /**
   * Name of the simulated Kubernetes API server that backs this cluster
   * (see KubeBridge). For a registered cluster it is set once the agent
   * manifest has been applied to an IDC API server.
   */
  kubeServer?: string;
}

export interface SimFleet {
  clusterId: string; // Fleet ids look like CS cluster ids
  name: string;
  regionId: string;
  vpcId: string;
  vSwitches: string[];
  profile: 'Default' | 'XFlow';
  state: FleetState;
  created: string;
  updated: string;
  argoCdEnabled: boolean;
  argoCdHaEnabled: boolean;
  gatewayEnabled: boolean;
  publicApiServer: boolean;
  deletionProtection: boolean;
  /** member cluster ids */
  members: string[];
  kubeServer?: string;
  tags: Array<{ key: string; value: string }>;
  /** Argo CD UI public access (UpdateHubClusterFeature PublicAccessEnabled). */
  argoCdPublicAccessEnabled?: boolean;
  /** Argo CD UI access control list (UpdateHubClusterFeature AccessControlList). */
  argoCdAccessControlList?: string[];
}

export interface SimVbr {
  vbrId: string;
  regionId: string;
  name?: string;
  physicalConnectionId: string;
  vlanId: number;
  localGatewayIp?: string;
  peerGatewayIp?: string;
  peeringSubnetMask?: string;
  status: 'pending' | 'active' | 'terminated';
  creationTime: string;
}

export interface SimBgpGroup {
  bgpGroupId: string;
  regionId: string;
  routerId: string; // vbr id
  peerAsn: number;
  localAsn: number;
  name?: string;
}

export interface SimBgpPeer {
  bgpPeerId: string;
  bgpGroupId: string;
  regionId: string;
  peerIpAddress?: string;
  /** Idle -> Connect -> Active -> Established, once both ends are configured */
  bgpStatus:
    | 'Idle'
    | 'Connect'
    | 'Active'
    | 'OpenSent'
    | 'OpenConfirm'
    | 'Established';
}

export interface SimBgpNetwork {
  regionId: string;
  routerId: string;
  dstCidrBlock: string;
  vpcId?: string;
}

export interface SimRouteEntry {
  routeEntryId: string;
  routeTableId: string;
  destinationCidrBlock: string;
  nextHopType: string;
  nextHopId?: string;
  name?: string;
  status: 'Pending' | 'Available';
}

export interface SimCen {
  cenId: string;
  name?: string;
  description?: string;
  status: 'Creating' | 'Active';
  creationTime: string;
  children: Array<{
    childInstanceId: string;
    childInstanceType: 'VPC' | 'VBR' | 'CCN';
    childInstanceRegionId: string;
    status: 'Attaching' | 'Attached';
    attachTime?: string;
  }>;
}

export interface SimTask {
  taskId: string;
  clusterId: string;
  taskType: string;
  state: 'running' | 'success' | 'fail';
  created: string;
  updated: string;
}

/** Everything the cloud side knows. Serialisable as JSON (worlds are saved as files). */
export interface CloudState {
  accountId: string;
  regions: string[];
  vpcs: SimVpc[];
  clusters: SimCluster[];
  fleets: SimFleet[];
  vbrs: SimVbr[];
  bgpGroups: SimBgpGroup[];
  bgpPeers: SimBgpPeer[];
  bgpNetworks: SimBgpNetwork[];
  routeEntries: SimRouteEntry[];
  cens: SimCen[];
  tasks: SimTask[];
}

/**
 * What the cloud side needs from the Kubernetes side. Implemented by the
 * world (src/world), consumed by the OpenAPI handlers (src/cloud).
 */
export interface KubeBridge {
  /** Start an API server for a new ACK cluster or Fleet; returns its server name. */
  provisionServer(input: {
    id: string;
    kind: 'ack' | 'fleet';
  }): Promise<string>;
  /** Stop and forget an API server. */
  removeServer(serverName: string): Promise<void>;
  /** A kubeconfig (YAML) for a server, with a bearer token that is valid until `expiration`. */
  kubeconfig(
    serverName: string,
    opts: {
      privateIpAddress: boolean;
      contextName: string;
      temporaryDurationMinutes?: number;
    },
  ): { config: string; expiration: string };
  /** Keep the Fleet's Argo CD cluster secrets in line with its members. */
  syncFleetMembers(fleet: SimFleet, members: SimCluster[]): Promise<void>;
  /**
   * Optional: the https URL of a server's API endpoint. When absent the cloud
   * side reads it from `kubeconfig(...)`.
   */
  serverUrl?(serverName: string, opts: { privateIpAddress: boolean }): string;
}

/**
 * The agent manifest that DescribeExternalAgent returns contains a Deployment
 * `kube-system/ack-cluster-agent` labelled with this key and the registered
 * cluster's id. When the world sees it applied to an IDC API server and its
 * pods ready, it calls `CloudApi.markAgentConnected(clusterId, serverName)`.
 */
export const AGENT_CLUSTER_ID_LABEL = 'ack-one.alibabacloud.com/cluster-id';
export const AGENT_NAMESPACE = 'kube-system';
export const AGENT_DEPLOYMENT_NAME = 'ack-cluster-agent';
