/**
 * Results of the ACK One write API and of its lookups. None carries a
 * secret: BGP auth keys, agent manifests and kubeconfigs stay out of them.
 */

/**
 * The account and region a call goes to.
 *
 * @public
 */
export interface AckOneWhere {
  account: string;
  region: string;
}

/** @public */
export interface AckOneVpc {
  vpcId: string;
  name?: string;
  cidrBlock: string;
  status?: string;
  vSwitchIds: string[];
}

/** @public */
export interface AckOneVSwitch {
  vSwitchId: string;
  vpcId: string;
  zoneId: string;
  cidrBlock: string;
  name?: string;
  status?: string;
}

/** @public */
export interface AckOnePhysicalConnection {
  physicalConnectionId: string;
  name?: string;
  /** `Enabled` once usable. */
  status: string;
  businessStatus?: string;
  accessPointId?: string;
  bandwidth?: number;
}

/** @public */
export interface AckOneRouteTable {
  routeTableId: string;
  /** `System` or `Custom`. */
  routeTableType?: string;
  /** `VRouter` (a VPC) or `VBR`. */
  routerType?: string;
  routerId?: string;
  vpcId?: string;
  status?: string;
}

/** @public */
export interface AckOneVbr {
  vbrId: string;
  name?: string;
  /** unconfirmed, active, terminating, terminated, recovering, deleting. */
  status: string;
  physicalConnectionId?: string;
  vlanId?: number;
  localGatewayIp?: string;
  peerGatewayIp?: string;
  peeringSubnetMask?: string;
  routeTableId?: string;
  /** The VLAN interface (a router interface): next hop of routes to the IDC. */
  vlanInterfaceId?: string;
}

/** @public */
export interface AckOneBgpGroup {
  bgpGroupId: string;
  routerId: string;
  peerAsn?: number;
  localAsn?: number;
  /** Pending, Available, Modifying, Deleting. */
  status?: string;
  name?: string;
}

/** @public */
export interface AckOneBgpPeer {
  bgpPeerId: string;
  bgpGroupId: string;
  peerIpAddress?: string;
  peerAsn?: number;
  /** Resource status: Pending, Available, Modifying, Deleting. */
  status?: string;
  /** Session: Idle, Connect, Active, Established, Down. */
  bgpStatus?: string;
}

/** @public */
export interface AckOneRouteEntry {
  routeEntryId: string;
  routeTableId: string;
  destinationCidrBlock: string;
  nextHopType?: string;
  nextHopId?: string;
  status?: string;
}

/** @public */
export interface AckOneCen {
  cenId: string;
  name?: string;
  /** Creating, Active, Deleting. */
  status: string;
}

/** @public */
export interface AckOneCenChild {
  childInstanceId: string;
  childInstanceType: string;
  childInstanceRegionId: string;
  /** Attaching, Attached, Detaching. */
  status: string;
}

/** @public */
export interface AckOneTransitRouter {
  transitRouterId: string;
  cenId: string;
  regionId: string;
  /** Enterprise or Basic. */
  type?: string;
  /** Creating, Active, Deleting. */
  status: string;
}

/** @public */
export interface AckOneTrAttachment {
  transitRouterAttachmentId: string;
  transitRouterId: string;
  resourceType: 'VPC' | 'VBR';
  resourceId: string;
  /** Attaching, Attached, Detaching. */
  status: string;
}

/** @public */
export interface AckOneTrRouteTable {
  transitRouterRouteTableId: string;
  transitRouterId: string;
  /** System or Custom. */
  type?: string;
  status?: string;
}

/**
 * An association or a propagation of an attachment with a route table.
 *
 * @public
 */
export interface AckOneTrTableLink {
  transitRouterAttachmentId: string;
  transitRouterRouteTableId: string;
  status: string;
}

/**
 * DescribeClusterDetail, the fields the automation reads.
 *
 * @public
 */
export interface AckOneClusterDetail {
  clusterId: string;
  name: string;
  clusterType: string;
  state: string;
  vpcId?: string;
  regionId?: string;
  tags: Array<{ key: string; value: string }>;
}

/**
 * DescribeTaskInfo.
 *
 * @public
 */
export interface AckOneTaskInfo {
  taskId: string;
  /** running, fail, success. */
  state: string;
  currentStage?: string;
  error?: { code?: string; message?: string };
}
