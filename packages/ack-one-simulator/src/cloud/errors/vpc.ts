import { ApiError, err, notFound } from './common';

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
