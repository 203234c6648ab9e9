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

/** How a kubeconfig of the simulator reaches its server and for how long. */
export interface KubeconfigOptions {
  privateIpAddress: boolean;
  contextName: string;
  /** Validity of its bearer token (default three years). */
  temporaryDurationMinutes?: number;
}

export interface SimVpc {
  vpcId: string;
  regionId: string;
  cidrBlock: string;
  routeTableId: string;
  vSwitches: Array<{
    vSwitchId: string;
    zoneId: string;
    cidrBlock: string;
    name?: string;
  }>;
  name?: string;
  creationTime?: string;
}

/**
 * The BGP speaker on the customer side of a leased line (the IDC router), as
 * it is configured. A BGP peer on a VBR of this line reaches `Established`
 * only when it matches: the group's PeerAsn is `asn`, the peer's
 * PeerIpAddress is `ipAddress`, the group's AuthKey is `authKey` and the
 * group's LocalAsn is `remoteAsn`.
 */
export interface SimIdcRouter {
  /** The IDC router's own AS number. */
  asn: number;
  /** The address the IDC router speaks BGP from (its side of the interconnect subnet). */
  ipAddress: string;
  /** The TCP MD5 key the IDC router expects, if any. */
  authKey?: string;
  /** The AS number it expects on the Alibaba Cloud side (default 45104). */
  remoteAsn?: number;
}

/** An Express Connect circuit (DescribePhysicalConnections). */
export interface SimPhysicalConnection {
  physicalConnectionId: string;
  regionId: string;
  name?: string;
  accessPointId: string;
  /** Mbit/s */
  bandwidth: number;
  lineOperator: string;
  /** Initial, Approved, Allocating, Allocated, Confirmed, Enabled, Rejected, Canceled, Allocation Failed, Terminating, Terminated */
  status: string;
  /** Normal, FinancialLocked, SecurityLocked */
  businessStatus: string;
  creationTime: string;
  /** The router at the customer end of the line; absent: nothing answers BGP. */
  idcRouter?: SimIdcRouter;
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
  /** A forced creation failure still to happen (its message). */
  failure?: string;
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
  /** Why the creation failed (`ClusterInfo.ErrorMessage`). */
  errorMessage?: string;
  /** A forced creation failure still to happen (its message). */
  failure?: string;
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
  description?: string;
  physicalConnectionId: string;
  vlanId: number;
  localGatewayIp?: string;
  peerGatewayIp?: string;
  peeringSubnetMask?: string;
  /** unconfirmed, active, terminating, terminated, recovering, deleting */
  status:
    | 'unconfirmed'
    | 'active'
    | 'terminating'
    | 'terminated'
    | 'recovering'
    | 'deleting';
  creationTime: string;
}

/** Resource status of a BGP group or peer (not the session). */
export type BgpResourceStatus = 'Pending' | 'Available' | 'Deleting';

export interface SimBgpGroup {
  bgpGroupId: string;
  regionId: string;
  routerId: string; // vbr id
  peerAsn: number;
  localAsn: number;
  name?: string;
  description?: string;
  authKey?: string;
  isFakeAsn?: boolean;
  /** Absent in worlds saved before it existed: Available. */
  status?: BgpResourceStatus;
  /** A forced creation failure: the group disappears instead of becoming Available. */
  failure?: string;
}

export interface SimBgpPeer {
  bgpPeerId: string;
  bgpGroupId: string;
  regionId: string;
  peerIpAddress?: string;
  enableBfd?: boolean;
  bfdMultiHop?: number;
  /** Absent in worlds saved before it existed: Available. */
  status?: BgpResourceStatus;
  /** Idle -> Connect -> Established when both ends match; Connect/Active while they don't. */
  bgpStatus:
    | 'Idle'
    | 'Connect'
    | 'Active'
    | 'OpenSent'
    | 'OpenConfirm'
    | 'Established'
    | 'Down';
  /** Why the session is not Established (simulator-only, shown as SimulatorStatusReason). */
  reason?: string;
  /** The session is down after a flap until this time (ms since epoch). */
  flapUntil?: number;
  updated?: string;
  failure?: string;
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
  description?: string;
  status: 'Pending' | 'Available' | 'Deleting';
  failure?: string;
}

export interface SimCen {
  cenId: string;
  name?: string;
  description?: string;
  status: 'Creating' | 'Active' | 'Deleting';
  creationTime: string;
  /** Network instances attached the Basic Edition way (AttachCenChildInstance). */
  children: Array<{
    childInstanceId: string;
    childInstanceType: 'VPC' | 'VBR' | 'CCN';
    childInstanceRegionId: string;
    status: 'Attaching' | 'Attached' | 'Detaching';
    attachTime?: string;
  }>;
  failure?: string;
}

/** The transit router edition a region offers (ListTransitRouters `Type`). */
export type CenEdition = 'Enterprise' | 'Basic';

export interface SimTransitRouter {
  transitRouterId: string;
  cenId: string;
  regionId: string;
  type: CenEdition;
  name?: string;
  description?: string;
  status: 'Creating' | 'Active' | 'Deleting';
  creationTime: string;
  failure?: string;
}

export interface SimTrRouteTable {
  transitRouterRouteTableId: string;
  transitRouterId: string;
  regionId: string;
  /** System: the transit router's default table; Custom: CreateTransitRouterRouteTable. */
  type: 'System' | 'Custom';
  name?: string;
  description?: string;
  status: 'Creating' | 'Active' | 'Deleting';
  creationTime: string;
  failure?: string;
}

export interface SimTrAttachment {
  transitRouterAttachmentId: string;
  transitRouterId: string;
  cenId: string;
  regionId: string;
  resourceType: 'VPC' | 'VBR';
  /** The VPC or VBR id. */
  resourceId: string;
  zoneMappings: Array<{ vSwitchId: string; zoneId: string }>;
  name?: string;
  description?: string;
  autoPublishRouteEnabled: boolean;
  status: 'Attaching' | 'Attached' | 'Detaching';
  creationTime: string;
  failure?: string;
}

/** An association (forwarding) or a propagation (route learning) of an attachment with a route table. */
export interface SimTrTableLink {
  transitRouterAttachmentId: string;
  transitRouterRouteTableId: string;
  /** association: Associating, Active, Dissociating. propagation: Enabling, Active, Disabling. */
  status: 'Associating' | 'Enabling' | 'Active' | 'Dissociating' | 'Disabling';
}

/** The first answer to a create call sent with a ClientToken. */
export interface SimClientToken {
  /** `<account>|<action>|<token>` */
  key: string;
  /** The call's other parameters, canonicalised. */
  fingerprint: string;
  status: number;
  body: unknown;
  created: string;
}

export interface SimTask {
  taskId: string;
  clusterId: string;
  taskType: string;
  state: 'running' | 'success' | 'fail';
  created: string;
  updated: string;
  /** DescribeTaskInfo `error` of a failed task. */
  error?: { code: string; message: string };
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
  /** Express Connect circuits of the account (with the IDC router at their far end). */
  physicalConnections?: SimPhysicalConnection[];
  /** The transit router edition per region; regions not listed: Enterprise. */
  cenEditions?: Record<string, CenEdition>;
  transitRouters?: SimTransitRouter[];
  trRouteTables?: SimTrRouteTable[];
  trAttachments?: SimTrAttachment[];
  trAssociations?: SimTrTableLink[];
  trPropagations?: SimTrTableLink[];
  /** ClientToken idempotency records (newest last). */
  clientTokens?: SimClientToken[];
}

/** A CloudState whose optional collections are present. */
export type FullCloudState = Required<CloudState>;

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
    opts: KubeconfigOptions,
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
