import { ApiRequest, ApiResponse, CloudContext } from './context';
import {
  bgpGroupHasPeers,
  bgpGroupNotFound,
  bgpNotAvailable,
  bgpPeerNotFound,
  bgpPeerQuotaExceeded,
  invalidParameter,
  peerIpDuplicate,
  peerIpNotInSubnet,
  vbrStatusForbids,
} from './errors';
import {
  DEFAULT_LOCAL_ASN,
  evaluateBgpPeer,
  resourceStatus,
} from './bgpSession';
import { newBgpGroupId, newBgpPeerId, rfc3339 } from './ids';
import { settleCreation, settleRemoval } from './lifecycle';
import { SimBgpGroup, SimBgpPeer } from './model';
import {
  cidrContains,
  isIpv4,
  netmaskBits,
  networkOf,
  optBool,
  optInt,
  optString,
  reqString,
} from './params';
import { rpcPaged } from './paging';
import { findVbr, requireRegion } from './vpcCommon';

export { evaluateBgpPeer, flapBgpSessions } from './bgpSession';

/** At most 8 BGP peers per VBR (documented). */
const MAX_PEERS_PER_VBR = 8;

/**
 * AuthKey as the Describe calls show it: masked. Whether the service returns
 * the key in clear could not be confirmed (UNVERIFIED); the simulator never echoes it.
 */
const maskedKey = (key?: string) => (key ? '******' : '');

function findGroup(ctx: CloudContext, id: string, regionId: string) {
  const group = ctx.state.bgpGroups.find(
    g => g.bgpGroupId === id && g.regionId === regionId,
  );
  if (!group) throw bgpGroupNotFound(id);
  return group;
}

function peersOfGroup(ctx: CloudContext, groupId: string) {
  return ctx.state.bgpPeers.filter(p => p.bgpGroupId === groupId);
}

function createBgpGroup(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  reqString(p, 'PeerAsn');
  const regionId = requireRegion(ctx, p);
  const routerId = reqString(p, 'RouterId');
  const peerAsn = optInt(p, 'PeerAsn', 1, 4294967295)!;
  const localAsn = optInt(p, 'LocalAsn', 1, 4294967295) ?? DEFAULT_LOCAL_ASN;
  const vbr = findVbr(ctx, routerId, regionId);
  if (vbr.status !== 'active') {
    throw vbrStatusForbids(vbr.vbrId, vbr.status);
  }
  optInt(p, 'RouteQuota', 1, 110);
  const group: SimBgpGroup = {
    bgpGroupId: newBgpGroupId(),
    regionId,
    routerId,
    peerAsn,
    localAsn,
    name: optString(p, 'Name'),
    description: optString(p, 'Description'),
    authKey: optString(p, 'AuthKey'),
    isFakeAsn: optBool(p, 'IsFakeAsn') ?? false,
    status: 'Pending',
    failure: ctx.takeCreationFailure('bgp-group'),
  };
  ctx.state.bgpGroups.push(group);
  ctx.logger.info(
    `CreateBgpGroup ${group.bgpGroupId} on ${routerId} peer AS ${peerAsn}`,
  );
  startGroupCreation(ctx, group);
  return { body: { BgpGroupId: group.bgpGroupId, RequestId: req.requestId } };
}

function startGroupCreation(ctx: CloudContext, group: SimBgpGroup) {
  const id = group.bgpGroupId;
  settleCreation(ctx, {
    key: `bgp-group:${id}`,
    kind: 'bgp-group',
    list: () => ctx.state.bgpGroups,
    match: g => g.bgpGroupId === id,
    label: `BGP group ${id}`,
    pending: 'Pending',
    ready: 'Available',
    onReady: () =>
      peersOfGroup(ctx, id).forEach(peer => evaluateBgpPeer(ctx, peer)),
  });
}

function describeBgpGroups(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const routerId = optString(p, 'RouterId');
  const groupId = optString(p, 'BgpGroupId');
  const matches = ctx.state.bgpGroups.filter(
    g =>
      g.regionId === regionId &&
      (!routerId || g.routerId === routerId) &&
      (!groupId || g.bgpGroupId === groupId),
  );
  return rpcPaged(req, matches, groupView, rows => ({
    BgpGroups: { BgpGroup: rows },
  }));
}

function groupView(g: SimBgpGroup) {
  return {
    BgpGroupId: g.bgpGroupId,
    RouterId: g.routerId,
    RegionId: g.regionId,
    Name: g.name ?? '',
    Description: g.description ?? '',
    PeerAsn: String(g.peerAsn),
    LocalAsn: String(g.localAsn),
    AuthKey: maskedKey(g.authKey),
    Hold: '30',
    Keepalive: '10',
    IpVersion: 'IPV4',
    IsFake: String(g.isFakeAsn ?? false),
    RouteLimit: '110',
    Status: resourceStatus(g),
  };
}

/** DeleteBgpGroup: the group must be Available (documented) and, in the simulator, have no peers. */
function deleteBgpGroup(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const group = findGroup(ctx, reqString(p, 'BgpGroupId'), regionId);
  if (resourceStatus(group) !== 'Available') {
    throw bgpNotAvailable('BgpGroup', group.bgpGroupId, resourceStatus(group));
  }
  if (peersOfGroup(ctx, group.bgpGroupId).length) {
    throw bgpGroupHasPeers(group.bgpGroupId);
  }
  group.status = 'Deleting';
  const id = group.bgpGroupId;
  ctx.logger.info(`DeleteBgpGroup ${id} -> Deleting`);
  startGroupDeletion(ctx, group);
  return { body: { RequestId: req.requestId } };
}

function startGroupDeletion(ctx: CloudContext, group: SimBgpGroup) {
  const id = group.bgpGroupId;
  settleRemoval(ctx, {
    key: `bgp-group-delete:${id}`,
    kind: 'bgp-group',
    list: () => ctx.state.bgpGroups,
    match: g => g.bgpGroupId === id,
    label: `BGP group ${id}`,
    removing: 'Deleting',
  });
}

/**
 * The peer address must lie in the VBR's interconnect subnet. UNVERIFIED:
 * the documentation read does not state this rule (see peerIpNotInSubnet).
 */
function checkPeerSubnet(ctx: CloudContext, group: SimBgpGroup, ip: string) {
  const vbr = ctx.state.vbrs.find(v => v.vbrId === group.routerId);
  const bits = vbr?.peeringSubnetMask
    ? netmaskBits(vbr.peeringSubnetMask)
    : undefined;
  if (!vbr?.localGatewayIp || bits === undefined) return;
  const subnet = networkOf(vbr.localGatewayIp, bits);
  if (!cidrContains(subnet, ip)) {
    throw peerIpNotInSubnet(ip, vbr.vbrId, subnet);
  }
}

function checkPeerRequest(
  ctx: CloudContext,
  group: SimBgpGroup,
  peerIp: string | undefined,
) {
  if (peerIp && !isIpv4(peerIp)) {
    throw invalidParameter('PeerIpAddress', 'not an IPv4 address');
  }
  if (peerIp) checkPeerSubnet(ctx, group, peerIp);
  if (
    peerIp &&
    peersOfGroup(ctx, group.bgpGroupId).some(x => x.peerIpAddress === peerIp)
  ) {
    throw peerIpDuplicate(peerIp, group.bgpGroupId);
  }
  const onVbr = ctx.state.bgpPeers.filter(x =>
    ctx.state.bgpGroups.some(
      g => g.bgpGroupId === x.bgpGroupId && g.routerId === group.routerId,
    ),
  );
  if (onVbr.length >= MAX_PEERS_PER_VBR) {
    throw bgpPeerQuotaExceeded(group.routerId);
  }
}

function createBgpPeer(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const bgpGroupId = reqString(p, 'BgpGroupId');
  const regionId = requireRegion(ctx, p);
  const group = findGroup(ctx, bgpGroupId, regionId);
  const peerIpAddress = optString(p, 'PeerIpAddress');
  const enableBfd = optBool(p, 'EnableBfd') ?? false;
  const hop = optInt(p, 'BfdMultiHop', 1, 255);
  if (enableBfd && hop === undefined) {
    reqString(p, 'BfdMultiHop');
  }
  checkPeerRequest(ctx, group, peerIpAddress);
  const peer: SimBgpPeer = {
    bgpPeerId: newBgpPeerId(),
    bgpGroupId,
    regionId,
    peerIpAddress,
    enableBfd,
    bfdMultiHop: hop,
    status: 'Pending',
    bgpStatus: 'Idle',
    updated: rfc3339(),
    failure: ctx.takeCreationFailure('bgp-peer'),
  };
  ctx.state.bgpPeers.push(peer);
  ctx.logger.info(
    `CreateBgpPeer ${peer.bgpPeerId} in ${bgpGroupId} -> ${
      peerIpAddress ?? '(no ip)'
    }`,
  );
  evaluateBgpPeer(ctx, peer);
  startPeerCreation(ctx, peer);
  return { body: { BgpPeerId: peer.bgpPeerId, RequestId: req.requestId } };
}

function startPeerCreation(ctx: CloudContext, peer: SimBgpPeer) {
  const id = peer.bgpPeerId;
  settleCreation(ctx, {
    key: `bgp-peer:${id}`,
    kind: 'bgp-peer',
    list: () => ctx.state.bgpPeers,
    match: x => x.bgpPeerId === id,
    label: `BGP peer ${id}`,
    pending: 'Pending',
    ready: 'Available',
    onReady: current => evaluateBgpPeer(ctx, current),
  });
}

function peerView(ctx: CloudContext, peer: SimBgpPeer) {
  const group = ctx.state.bgpGroups.find(g => g.bgpGroupId === peer.bgpGroupId);
  const established = peer.bgpStatus === 'Established';
  const advertised = ctx.state.bgpNetworks.filter(
    n => n.routerId === group?.routerId,
  ).length;
  return {
    BgpPeerId: peer.bgpPeerId,
    BgpGroupId: peer.bgpGroupId,
    RouterId: group?.routerId ?? '',
    RegionId: peer.regionId,
    Name: '',
    Description: '',
    PeerIpAddress: peer.peerIpAddress ?? '',
    PeerAsn: group ? String(group.peerAsn) : '',
    LocalAsn: group ? String(group.localAsn) : '',
    BgpStatus: peer.bgpStatus,
    Status: resourceStatus(peer),
    AuthKey: maskedKey(group?.authKey),
    Hold: '30',
    Keepalive: '10',
    IpVersion: 'IPV4',
    IsFake: group?.isFakeAsn ?? false,
    EnableBfd: peer.enableBfd ?? false,
    BfdMultiHop: peer.bfdMultiHop ?? 255,
    RouteLimit: '110',
    AdvertisedRouteCount: established ? advertised : 0,
    ReceivedRouteCount: 0,
    GmtModified: peer.updated ?? rfc3339(),
    // simulator-only: why the session is not Established (no such field in the real API)
    SimulatorStatusReason: peer.reason ?? '',
  };
}

function describeBgpPeers(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const groupId = optString(p, 'BgpGroupId');
  const peerId = optString(p, 'BgpPeerId');
  const routerId = optString(p, 'RouterId');
  // picks up changes made to the VBR, the group or the IDC router since
  for (const peer of ctx.state.bgpPeers) {
    evaluateBgpPeer(ctx, peer);
  }
  const matches = ctx.state.bgpPeers.filter(peer => {
    const group = ctx.state.bgpGroups.find(
      g => g.bgpGroupId === peer.bgpGroupId,
    );
    return (
      peer.regionId === regionId &&
      (!groupId || peer.bgpGroupId === groupId) &&
      (!peerId || peer.bgpPeerId === peerId) &&
      (!routerId || group?.routerId === routerId)
    );
  });
  return rpcPaged(
    req,
    matches,
    peer => peerView(ctx, peer),
    rows => ({ BgpPeers: { BgpPeer: rows } }),
  );
}

/** DeleteBgpPeer: the peer and its group must be Available (documented); Deleting, then gone. */
function deleteBgpPeer(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const id = reqString(p, 'BgpPeerId');
  const peer = ctx.state.bgpPeers.find(
    x => x.bgpPeerId === id && x.regionId === regionId,
  );
  if (!peer) throw bgpPeerNotFound(id);
  if (resourceStatus(peer) !== 'Available') {
    throw bgpNotAvailable('BgpPeer', id, resourceStatus(peer));
  }
  const group = findGroup(ctx, peer.bgpGroupId, regionId);
  if (resourceStatus(group) !== 'Available') {
    throw bgpNotAvailable('BgpGroup', group.bgpGroupId, resourceStatus(group));
  }
  peer.status = 'Deleting';
  ctx.cancel(`bgp:${id}`);
  evaluateBgpPeer(ctx, peer);
  ctx.logger.info(`DeleteBgpPeer ${id} -> Deleting`);
  startPeerDeletion(ctx, peer);
  return { body: { RequestId: req.requestId } };
}

function startPeerDeletion(ctx: CloudContext, peer: SimBgpPeer) {
  const id = peer.bgpPeerId;
  settleRemoval(ctx, {
    key: `bgp-peer-delete:${id}`,
    kind: 'bgp-peer',
    list: () => ctx.state.bgpPeers,
    match: x => x.bgpPeerId === id,
    label: `BGP peer ${id}`,
    removing: 'Deleting',
  });
}

/** Restarts the transitions of BGP resources that were mid-way when the state was saved. */
export function resumeBgp(ctx: CloudContext) {
  for (const g of ctx.state.bgpGroups) {
    if (g.status === 'Pending') startGroupCreation(ctx, g);
    else if (g.status === 'Deleting') startGroupDeletion(ctx, g);
  }
  for (const peer of ctx.state.bgpPeers) {
    delete peer.flapUntil;
    if (peer.bgpStatus !== 'Established') {
      peer.bgpStatus = 'Idle';
      delete peer.reason;
    }
    if (peer.status === 'Pending') startPeerCreation(ctx, peer);
    else if (peer.status === 'Deleting') startPeerDeletion(ctx, peer);
    evaluateBgpPeer(ctx, peer);
  }
}

export const BGP_HANDLERS = {
  CreateBgpGroup: createBgpGroup,
  DescribeBgpGroups: describeBgpGroups,
  DeleteBgpGroup: deleteBgpGroup,
  CreateBgpPeer: createBgpPeer,
  DescribeBgpPeers: describeBgpPeers,
  DeleteBgpPeer: deleteBgpPeer,
};
