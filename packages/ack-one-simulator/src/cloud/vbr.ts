import { ApiRequest, ApiResponse, CloudContext } from './context';
import {
  internalError,
  invalidParameter,
  ipNotSameSubnet,
  missingParameter,
  physicalConnectionNotEnabled,
  physicalConnectionNotFound,
  vbrInUse,
  vbrStatusForbids,
  vlanMalformed,
  vlanUsed,
} from './errors';
import { newVbrId, rfc3339 } from './ids';
import { settleRemoval } from './lifecycle';
import { SimVbr } from './model';
import {
  isIpv4,
  netmaskBits,
  networkOf,
  optInt,
  optString,
  Params,
  reqString,
  matchesFilters,
  rpcFilters,
} from './params';
import { rpcPaged } from './paging';
import {
  cenOfInstance,
  findVbr,
  ownerId,
  requireRegion,
  vbrInterfaceId,
  vbrRouteTableId,
} from './vpcCommon';

/** VlanId: required, an integer from 0 to 2999 (InvalidVlanId.Malformed otherwise). */
function vlanOf(params: Params): number {
  const raw = reqString(params, 'VlanId');
  const vlan = Number(raw);
  if (!/^\d+$/.test(raw) || vlan > 2999) {
    throw vlanMalformed(raw);
  }
  return vlan;
}

/** The physical connection must exist in the region and be Enabled. */
function enabledConnection(ctx: CloudContext, id: string, regionId: string) {
  const pc = ctx.state.physicalConnections.find(
    p => p.physicalConnectionId === id && p.regionId === regionId,
  );
  if (!pc) {
    throw physicalConnectionNotFound(id);
  }
  if (pc.status !== 'Enabled') {
    throw physicalConnectionNotEnabled(id, pc.status);
  }
  return pc;
}

/**
 * LocalGatewayIp, PeerGatewayIp and PeeringSubnetMask: required when the VBR
 * is created for the circuit owner (the default), optional for another
 * account; when given, both addresses lie in one subnet of the mask.
 */
function gatewayIps(params: Params, forOwner: boolean) {
  const local = optString(params, 'LocalGatewayIp');
  const peer = optString(params, 'PeerGatewayIp');
  const mask = optString(params, 'PeeringSubnetMask');
  if (forOwner) {
    for (const [name, value] of [
      ['LocalGatewayIp', local],
      ['PeerGatewayIp', peer],
      ['PeeringSubnetMask', mask],
    ] as const) {
      if (!value) throw missingParameter(name);
    }
  }
  if (local && !isIpv4(local)) {
    throw invalidParameter('LocalGatewayIp', 'not an IPv4 address');
  }
  if (peer && !isIpv4(peer)) {
    throw invalidParameter('PeerGatewayIp', 'not an IPv4 address');
  }
  const bits = mask ? netmaskBits(mask) : undefined;
  if (mask && bits === undefined) {
    throw invalidParameter(
      'PeeringSubnetMask',
      'not a subnet mask such as 255.255.255.252',
    );
  }
  if (
    local &&
    peer &&
    bits !== undefined &&
    (local === peer || networkOf(local, bits) !== networkOf(peer, bits))
  ) {
    throw ipNotSameSubnet(local, peer, mask!);
  }
  return { local, peer, mask };
}

function createVirtualBorderRouter(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const physicalConnectionId = reqString(p, 'PhysicalConnectionId');
  const regionId = requireRegion(ctx, p);
  const vlanId = vlanOf(p);
  enabledConnection(ctx, physicalConnectionId, regionId);
  const vbrOwner = optString(p, 'VbrOwnerId');
  const forOwner = !vbrOwner || vbrOwner === ctx.state.accountId;
  const ips = gatewayIps(p, forOwner);
  if (
    ctx.state.vbrs.some(
      v =>
        v.physicalConnectionId === physicalConnectionId &&
        v.vlanId === vlanId &&
        v.status !== 'terminated',
    )
  ) {
    throw vlanUsed(vlanId, physicalConnectionId);
  }
  optInt(p, 'Bandwidth', 1, 100000);
  const failure = ctx.takeCreationFailure('vbr');
  if (failure !== undefined) {
    throw internalError(failure);
  }
  const vbr: SimVbr = {
    vbrId: newVbrId(),
    regionId,
    name: optString(p, 'Name'),
    description: optString(p, 'Description'),
    physicalConnectionId,
    vlanId,
    localGatewayIp: ips.local,
    peerGatewayIp: ips.peer,
    peeringSubnetMask: ips.mask,
    // documented: new VBRs are active; one created for another account waits for it
    status: forOwner ? 'active' : 'unconfirmed',
    creationTime: rfc3339(),
  };
  ctx.state.vbrs.push(vbr);
  ctx.logger.info(
    `CreateVirtualBorderRouter ${vbr.vbrId} on ${physicalConnectionId} vlan ${vlanId}`,
  );
  return { body: { VbrId: vbr.vbrId, RequestId: req.requestId } };
}

function vbrFields(v: SimVbr): Record<string, string | undefined> {
  return {
    VbrId: v.vbrId,
    PhysicalConnectionId: v.physicalConnectionId,
    Status: v.status,
    Name: v.name,
    VlanId: String(v.vlanId),
    LocalGatewayIp: v.localGatewayIp,
    PeerGatewayIp: v.peerGatewayIp,
  };
}

function associatedCens(ctx: CloudContext, v: SimVbr) {
  const basic = ctx.state.cens.flatMap(c =>
    c.children
      .filter(ch => ch.childInstanceId === v.vbrId)
      .map(ch => ({ CenId: c.cenId, CenStatus: ch.status })),
  );
  const enterprise = ctx.state.trAttachments
    .filter(a => a.resourceId === v.vbrId)
    .map(a => ({ CenId: a.cenId, CenStatus: a.status }));
  return [...basic, ...enterprise].map(c => ({
    ...c,
    CenOwnerId: ownerId(ctx),
  }));
}

function vbrView(ctx: CloudContext, v: SimVbr) {
  const pc = ctx.state.physicalConnections.find(
    x => x.physicalConnectionId === v.physicalConnectionId,
  );
  return {
    VbrId: v.vbrId,
    Name: v.name ?? '',
    Description: v.description ?? '',
    Status: v.status,
    Type: 'pconn',
    PhysicalConnectionId: v.physicalConnectionId,
    PhysicalConnectionStatus: pc?.status ?? '',
    PhysicalConnectionBusinessStatus: pc?.businessStatus ?? '',
    PhysicalConnectionOwnerUid: ctx.state.accountId,
    AccessPointId: pc?.accessPointId ?? '',
    VlanId: v.vlanId,
    VlanInterfaceId: vbrInterfaceId(v),
    LocalGatewayIp: v.localGatewayIp ?? '',
    PeerGatewayIp: v.peerGatewayIp ?? '',
    PeeringSubnetMask: v.peeringSubnetMask ?? '',
    EnableIpv6: false,
    CreationTime: v.creationTime,
    ActivationTime: v.creationTime,
    RouteTableId: vbrRouteTableId(v),
    Bandwidth: 0,
    Mtu: 1500,
    MinRxInterval: 300,
    MinTxInterval: 300,
    DetectMultiplier: 3,
    SitelinkEnable: false,
    ResourceGroupId: '',
    AssociatedCens: { AssociatedCen: associatedCens(ctx, v) },
    AssociatedPhysicalConnections: { AssociatedPhysicalConnection: [] },
    Tags: { Tags: [] },
  };
}

function describeVirtualBorderRouters(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const filters = rpcFilters(p);
  const matches = ctx.state.vbrs.filter(
    v => v.regionId === regionId && matchesFilters(filters, vbrFields(v)),
  );
  return rpcPaged(
    req,
    matches,
    v => vbrView(ctx, v),
    rows => ({ VirtualBorderRouterSet: { VirtualBorderRouterType: rows } }),
  );
}

/**
 * DeleteVirtualBorderRouter: the VBR must be unconfirmed, active or
 * terminated (documented); it goes `deleting`, then disappears. The
 * simulator also refuses a VBR that BGP groups, a CEN or a transit router
 * still use (UNVERIFIED guess: the documentation only asks to delete router interfaces first).
 */
function deleteVirtualBorderRouter(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const vbr = findVbr(ctx, reqString(p, 'VbrId'), regionId);
  if (!['unconfirmed', 'active', 'terminated'].includes(vbr.status)) {
    throw vbrStatusForbids(vbr.vbrId, vbr.status);
  }
  const groups = ctx.state.bgpGroups.filter(g => g.routerId === vbr.vbrId);
  if (groups.length) {
    throw vbrInUse(
      vbr.vbrId,
      `BGP groups ${groups.map(g => g.bgpGroupId).join(', ')}`,
    );
  }
  const cenId = cenOfInstance(ctx, vbr.vbrId);
  if (cenId) {
    throw vbrInUse(vbr.vbrId, `CEN ${cenId}`);
  }
  vbr.status = 'deleting';
  ctx.logger.info(`DeleteVirtualBorderRouter ${vbr.vbrId} -> deleting`);
  startVbrDeletion(ctx, vbr);
  return { body: { RequestId: req.requestId } };
}

function startVbrDeletion(ctx: CloudContext, vbr: SimVbr) {
  const id = vbr.vbrId;
  settleRemoval(ctx, {
    key: `vbr-delete:${id}`,
    kind: 'vbr',
    list: () => ctx.state.vbrs,
    match: v => v.vbrId === id,
    label: `VBR ${id}`,
    removing: 'deleting',
    onGone: () => {
      const table = vbrRouteTableId(vbr);
      ctx.state.bgpNetworks = ctx.state.bgpNetworks.filter(
        n => n.routerId !== id,
      );
      ctx.state.routeEntries = ctx.state.routeEntries.filter(
        r => r.routeTableId !== table,
      );
    },
  });
}

export function resumeVbrs(ctx: CloudContext) {
  for (const v of ctx.state.vbrs) {
    if (v.status === 'deleting') {
      startVbrDeletion(ctx, v);
    }
  }
}

export const VBR_HANDLERS = {
  CreateVirtualBorderRouter: createVirtualBorderRouter,
  DescribeVirtualBorderRouters: describeVirtualBorderRouters,
  DeleteVirtualBorderRouter: deleteVirtualBorderRouter,
};
