/** Which JSON shape an error body takes. */
export type ErrorStyle = 'gateway' | 'cs' | 'rpc';

/** An error that is sent back to the client as an OpenAPI error response. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Forces a body shape; by default the product's shape is used. */
  readonly style?: ErrorStyle;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    opts?: { style?: ErrorStyle; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.style = opts?.style;
    this.headers = opts?.headers;
  }
}

const err = (status: number, code: string, message: string) =>
  new ApiError(status, code, message);

/** 404 `The specified <what> does not exist.` */
const notFound = (code: string, what: string) =>
  err(404, code, `The specified ${what} does not exist.`);

// ---- common -----------------------------------------------------------------

export function missingParameter(name: string): ApiError {
  return err(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(name: string, detail?: string): ApiError {
  return err(
    400,
    'InvalidParameter',
    detail
      ? `The specified parameter "${name}" is not valid: ${detail}`
      : `The specified parameter "${name}" is not valid.`,
  );
}

/** 404 InvalidRegionId.NotFound, as documented for the VPC calls. */
export function regionNotFound(regionId: string): ApiError {
  return err(
    404,
    'InvalidRegionId.NotFound',
    `Specified value of "regionId" is not supported: ${regionId}.`,
  );
}

export function internalError(detail?: string): ApiError {
  return err(
    500,
    'InternalError',
    `The request processing has failed due to some unknown error, exception or failure.${
      detail ? ` ${detail}` : ''
    }`,
  );
}

/**
 * A reused ClientToken with other parameters. The code is documented; the
 * HTTP status (400) could not be confirmed in the documentation (UNVERIFIED).
 */
export function idempotentParameterMismatch(token: string): ApiError {
  return err(
    400,
    'IdempotentParameterMismatch',
    `The ClientToken "${token}" was already used with different parameters: send the same parameters to get the first result again, or use a new token for a new request.`,
  );
}

/** A ClientToken longer than 64 characters or not ASCII. UNVERIFIED: the error code is a guess (not documented). */
export function invalidClientToken(): ApiError {
  return invalidParameter(
    'ClientToken',
    'use at most 64 printable ASCII characters',
  );
}

/**
 * A DryRun that passed. The code DryRunOperation is documented; the HTTP
 * status (400) could not be confirmed (UNVERIFIED).
 */
export function dryRunPassed(): ApiError {
  return err(
    400,
    'DryRunOperation',
    'Request validation has been passed with DryRun flag set.',
  );
}

// ---- Express Connect: physical connections and VBRs (documented codes) -------

export function physicalConnectionNotFound(id: string): ApiError {
  return err(
    400,
    'InvalidPhysicalConnectionId.NotFound',
    `The specified physical connection ${id} does not exist in this region.`,
  );
}

export function physicalConnectionNotEnabled(
  id: string,
  status: string,
): ApiError {
  return err(
    400,
    'InvalidPhysicalConnectionId.NotEnabled',
    `The physical connection ${id} is ${status}; VBRs can be created only on an Enabled connection.`,
  );
}

export function ipNotSameSubnet(
  localIp: string,
  peerIp: string,
  mask: string,
): ApiError {
  return err(
    400,
    'InvalidIp.NotSameSubnet',
    `LocalGatewayIp ${localIp} and PeerGatewayIp ${peerIp} are not in one subnet of mask ${mask}.`,
  );
}

export function vlanUsed(vlanId: number, physicalConnectionId: string) {
  return err(
    400,
    'InvalidVlanId.Used',
    `The VLAN ID ${vlanId} is already used by another VBR on ${physicalConnectionId}.`,
  );
}

export function vlanMalformed(value: string): ApiError {
  return err(
    400,
    'InvalidVlanId.Malformed',
    `The VLAN ID "${value}" is not valid: use an integer from 0 to 2999.`,
  );
}

/** UNVERIFIED: the code used by the simulator; the documentation read does not list it. */
export const vbrNotFound = (vbrId: string) =>
  notFound('InvalidVbrId.NotFound', `VBR ${vbrId}`);

/**
 * DeleteVirtualBorderRouter on a VBR that is not unconfirmed, active or
 * terminated (documented rule). UNVERIFIED: the error code could not be confirmed (a guess).
 */
export function vbrStatusForbids(vbrId: string, status: string): ApiError {
  return err(
    400,
    'IncorrectStatus.Vbr',
    `The VBR ${vbrId} is ${status}; it can be deleted only when it is unconfirmed, active or terminated.`,
  );
}

/**
 * A VBR still used by BGP groups, a CEN or a transit router. UNVERIFIED: the
 * rule and the code are guesses (the documentation only says to delete router interfaces first).
 */
export function vbrInUse(vbrId: string, by: string): ApiError {
  return err(
    400,
    'DependencyViolation.Vbr',
    `The VBR ${vbrId} is still used by ${by}; remove that first.`,
  );
}

// ---- BGP ---------------------------------------------------------------------

/** UNVERIFIED: the code used by the simulator; the documentation could not confirm it. */
export const bgpGroupNotFound = (id: string) =>
  notFound('InvalidBgpGroupId.NotFound', `BGP group ${id}`);

/** UNVERIFIED: the documentation read does not list this error. */
export const bgpPeerNotFound = (id: string) =>
  notFound('InvalidBgpPeerId.NotFound', `BGP peer ${id}`);

/** Documented (CreateBgpPeer): at most 8 peers per VBR. */
export function bgpPeerQuotaExceeded(vbrId: string): ApiError {
  return err(
    400,
    'QuotaExceeded.Bgp',
    `bgp peer count per vbr quota exceed: ${vbrId} already has 8 BGP peers.`,
  );
}

/**
 * CreateBgpPeer with a PeerIpAddress outside the VBR's interconnect subnet.
 * UNVERIFIED: neither the rule nor the code could be confirmed in the
 * documentation; the simulator refuses it because such a session cannot come up.
 */
export function peerIpNotInSubnet(
  peerIp: string,
  vbrId: string,
  subnet: string,
): ApiError {
  return err(
    400,
    'InvalidPeerIpAddress.NotInSubnet',
    `PeerIpAddress ${peerIp} is not in the interconnect subnet ${subnet} of ${vbrId}; use the IDC router's address in that subnet.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): a second peer with the same address in a group. */
export function peerIpDuplicate(peerIp: string, groupId: string): ApiError {
  return err(
    400,
    'InvalidPeerIpAddress.Duplicate',
    `A BGP peer with IP ${peerIp} already exists in ${groupId}.`,
  );
}

/**
 * Delete on a BGP group or peer that is not Available (documented rule). The
 * code is a guess (UNVERIFIED).
 */
export function bgpNotAvailable(what: string, id: string, status: string) {
  return err(
    400,
    `IncorrectStatus.${what}`,
    `The ${what} ${id} is ${status}; wait until it is Available.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the rule or the code): a BGP group that still has peers. */
export function bgpGroupHasPeers(id: string): ApiError {
  return err(
    400,
    'DependencyViolation.BgpPeer',
    `The BGP group ${id} still has BGP peers; delete them first.`,
  );
}

// ---- routes ------------------------------------------------------------------

/** UNVERIFIED: the code used by the simulator; the documentation could not confirm it. */
export const routeTableNotFound = (id: string) =>
  notFound('InvalidRouteTableId.NotFound', `route table ${id}`);

/** UNVERIFIED: the HTTP status (404) is a guess. */
export function nextHopNotFound(type: string, id: string): ApiError {
  return err(
    404,
    'InvalidNextHopId.NotFound',
    `The next hop ${id} (${type}) does not exist in the route table's VPC or VBR.`,
  );
}

/** UNVERIFIED: the documentation read does not list the code for a type that does not match. */
export function nextHopTypeMismatch(
  type: string,
  id: string,
  actual: string,
): ApiError {
  return err(
    400,
    'InvalidNextHopType.NotMatch',
    `NextHopType ${type} does not match the next hop ${id}, which is a ${actual}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code). */
export const routeEntryNotFound = (what: string) =>
  notFound('InvalidRouteEntry.NotFound', `route entry (${what})`);

/** DeleteRouteEntry on a route that is not Available (documented rule; UNVERIFIED: the code is a guess). */
export function routeEntryNotAvailable(id: string, status: string) {
  return err(
    400,
    'IncorrectRouteEntryStatus',
    `The route entry ${id} is ${status}; only Available routes can be deleted.`,
  );
}

/** UNVERIFIED: the code used by the simulator (also for a destination inside a vSwitch); not confirmed. */
export function cidrDuplicate(): ApiError {
  return err(
    400,
    'InvalidCIDRBlock.Duplicate',
    'Specified CIDR block is already exists.',
  );
}

/** 100.64.0.0/10 is refused (documented rule; UNVERIFIED: the code is a guess). */
export function reservedCidr(cidr: string): ApiError {
  return err(
    400,
    'InvalidDestinationCidrBlock.Reserved',
    `The destination ${cidr} is in 100.64.0.0/10, which custom routes cannot use.`,
  );
}

// ---- CEN ---------------------------------------------------------------------

/** UNVERIFIED: the code used by the simulator; the documentation could not confirm it. */
export const cenNotFound = (cenId: string) =>
  notFound('ParameterCenInstanceId', `CEN instance ${cenId}`);

/** UNVERIFIED (the documentation could not confirm the code): an operation on a CEN that is not Active. */
export function cenNotActive(cenId: string, status: string): ApiError {
  return err(
    400,
    'Operation.Blocking',
    `The CEN instance ${cenId} is ${status}; wait until it is Active.`,
  );
}

/** UNVERIFIED: the code used by the simulator; the documentation could not confirm it. */
export function childInstanceNotFound(id: string, region: string) {
  return err(
    404,
    'ParameterInstanceId',
    `The specified child instance ${id} does not exist in ${region}.`,
  );
}

/** Documented for AttachCenChildInstance (409). */
export function childAlreadyAttached(id: string, cenId: string): ApiError {
  return err(
    409,
    'InvalidOperation.ChildInstanceAlreadyAttached',
    `The child instance ${id} is already attached to ${cenId}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): DetachCenChildInstance of an instance that is not attached. */
export function childNotAttached(id: string, cenId: string): ApiError {
  return err(
    400,
    'InvalidOperation.ChildInstanceNotAttached',
    `The child instance ${id} is not attached to ${cenId}.`,
  );
}

/**
 * A call of one transit router edition in a region of the other (e.g.
 * AttachCenChildInstance in an Enterprise Edition region). The rule follows
 * the documentation ("The transit router must be a Basic Edition transit
 * router"); UNVERIFIED: the code is a guess.
 */
export function wrongEdition(
  action: string,
  regionId: string,
  edition: string,
  use: string,
): ApiError {
  return err(
    400,
    'OperationUnsupported.TransitRouterType',
    `${action} is not supported in ${regionId}, whose transit router is ${edition} Edition: ${use}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): DeleteCen while something is still attached. */
export function cenNotEmpty(cenId: string, what: string): ApiError {
  return err(
    400,
    'DependencyViolation.CenInstance',
    `The CEN instance ${cenId} still has ${what}; remove it first.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code). */
export const transitRouterNotFound = (id: string) =>
  notFound('InvalidTransitRouterId.NotFound', `transit router ${id}`);

/** UNVERIFIED (the documentation could not confirm the code): a second transit router for one CEN in one region (documented rule). */
export function transitRouterExists(
  cenId: string,
  regionId: string,
  id: string,
) {
  return err(
    400,
    'OperationFailed.TransitRouterExist',
    `CEN ${cenId} already has transit router ${id} in ${regionId}; one per region.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): an operation on something still in a transient state. */
export function incorrectStatus(what: string, id: string, status: string) {
  return err(
    400,
    `IncorrectStatus.${what}`,
    `The ${what} ${id} is ${status}; wait until it is ready.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code). */
export const trAttachmentNotFound = (id: string) =>
  notFound(
    'InvalidTransitRouterAttachmentId.NotFound',
    `transit router attachment ${id}`,
  );

/** UNVERIFIED (the documentation could not confirm the code). */
export const trRouteTableNotFound = (id: string) =>
  notFound(
    'InvalidTransitRouterRouteTableId.NotFound',
    `transit router route table ${id}`,
  );

/** Documented in the CEN public error codes. */
export function associationExists(attachmentId: string, tableId: string) {
  return err(
    400,
    'AssociationExist.TransitRouterTable',
    `The specified association already exists: ${attachmentId} is associated with ${tableId} (an attachment has one associated route table).`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): the same propagation twice. */
export function propagationExists(attachmentId: string, tableId: string) {
  return err(
    400,
    'PropagationExist.TransitRouterTable',
    `Route learning from ${attachmentId} to ${tableId} is already enabled.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): dissociating or disabling what does not exist. */
export function linkNotFound(
  kind: string,
  attachmentId: string,
  tableId: string,
) {
  return err(
    404,
    `${kind}NotExist.TransitRouterTable`,
    `There is no ${kind.toLowerCase()} of ${attachmentId} with ${tableId}.`,
  );
}

/**
 * Deleting an attachment that is still associated. The code is the one the
 * real service answers (seen in a DeleteTransitRouterVpcAttachment error).
 */
export function attachmentStillAssociated(id: string): ApiError {
  return err(
    400,
    'OperationFailed.RouteTableAssociationExist',
    `Operation failed because TransitRouterRouteTable exists: dissociate ${id} from its route table first.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): deleting an attachment that still propagates routes. */
export function attachmentStillPropagating(id: string): ApiError {
  return err(
    400,
    'OperationFailed.RouteTablePropagationExist',
    `Operation failed because route learning is enabled: disable the propagations of ${id} first.`,
  );
}

/** Documented for DetachCenChildInstance; used for VPC attachments as well (the prerequisite is documented). */
export function attachmentReferencedByRoute(id: string): ApiError {
  return err(
    400,
    'OperationFailed.AttachmentReferencedVpcRouteEntryExisted',
    `Operation is failed because there is at least one route entry which next hop is the specified attachment ${id}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): transit router or route table still in use. */
export function dependencyViolation(what: string, id: string, by: string) {
  return err(
    400,
    `DependencyViolation.${what}`,
    `The ${what} ${id} still has ${by}; remove it first.`,
  );
}

// ---- CS ----------------------------------------------------------------------

export function clusterNotFound(clusterId: string): ApiError {
  return err(404, 'ErrorClusterNotFound', `cluster ${clusterId} not found`);
}

export function clusterStateError(
  clusterId: string,
  state: string,
  action: string,
): ApiError {
  return err(
    400,
    'ErrorClusterState',
    `cluster ${clusterId} is in state ${state}, ${action} is not allowed`,
  );
}

// ---- body --------------------------------------------------------------------

/** The `product` of the troubleshooting link in `Recommend`, per API version. */
const RECOMMEND_PRODUCT: Record<string, string> = {
  vpc: 'Vpc',
  cbn: 'Cbn',
  adcp: 'adcp',
};

/** The body an error is rendered as. */
export function errorBody(
  error: ApiError,
  style: ErrorStyle,
  requestId: string,
  hostId: string,
  product?: string,
): Record<string, unknown> {
  if (style === 'cs') {
    return {
      code: error.code,
      message: error.message,
      requestId,
      status: error.status,
    };
  }
  const productName = product ? RECOMMEND_PRODUCT[product] : undefined;
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(
      error.code,
    )}${productName ? `&product=${productName}` : ''}`,
  };
}
