import { createHash } from 'crypto';
import { ApiRequest, ApiResponse, CloudContext, Handler } from './context';
import { ApiError, invalidParameter } from './errors';
import {
  newBgpGroupId,
  newBgpPeerId,
  newRouteEntryId,
  newVbrId,
  rfc3339,
} from './ids';
import { SimBgpPeer, SimRouteEntry, SimVbr } from './model';
import {
  isCidr,
  isIpv4,
  optBool,
  optInt,
  optString,
  rpcPageArgs,
  paginate,
  rpcFilters,
  reqString,
} from './params';

const NEXT_HOP_TYPES = [
  'Instance',
  'HaVip',
  'RouterInterface',
  'NetworkInterface',
  'VpnGateway',
  'IPv6Gateway',
  'NatGateway',
  'Attachment',
  'VpcPeer',
  'Ipv4Gateway',
  'GatewayEndpoint',
  'Ecr',
  'GatewayLoadBalancerEndpoint',
  'RouteTargetGroup',
];

function notFound(code: string, what: string) {
  return new ApiError(404, code, `The specified ${what} does not exist.`);
}

function checkRegion(ctx: CloudContext, regionId: string) {
  if (ctx.state.regions.length && !ctx.state.regions.includes(regionId)) {
    throw new ApiError(
      400,
      'InvalidRegionId.NotFound',
      `The specified RegionId ${regionId} does not exist.`,
    );
  }
}

function findVbr(ctx: CloudContext, vbrId: string, regionId: string): SimVbr {
  const vbr = ctx.state.vbrs.find(
    v => v.vbrId === vbrId && v.regionId === regionId,
  );
  if (!vbr) {
    throw notFound('InvalidVbrId.NotFound', `VBR ${vbrId}`);
  }
  return vbr;
}

/** Whether a BGP peer is configured on both ends, so that its session can come up. */
export function bgpPeerConfigured(
  ctx: CloudContext,
  peer: SimBgpPeer,
): boolean {
  const group = ctx.state.bgpGroups.find(g => g.bgpGroupId === peer.bgpGroupId);
  if (!group || !peer.peerIpAddress) {
    return false;
  }
  const vbr = ctx.state.vbrs.find(v => v.vbrId === group.routerId);
  return !!(
    vbr &&
    vbr.status === 'active' &&
    vbr.localGatewayIp &&
    vbr.peerGatewayIp
  );
}

/**
 * Moves a BGP peer towards `Established` when both ends are configured:
 * `Connect` immediately, `Established` after bgpEstablishMs.
 */
export function evaluateBgpPeer(ctx: CloudContext, peer: SimBgpPeer) {
  const id = peer.bgpPeerId;
  if (!bgpPeerConfigured(ctx, peer)) {
    if (peer.bgpStatus !== 'Idle') {
      peer.bgpStatus = 'Idle';
    }
    return;
  }
  if (peer.bgpStatus === 'Established' || peer.bgpStatus === 'Connect') {
    return;
  }
  peer.bgpStatus = 'Connect';
  ctx.schedule(`bgp:${id}`, ctx.timing.bgpEstablishMs, () => {
    const current = ctx.state.bgpPeers.find(p => p.bgpPeerId === id);
    if (
      current &&
      current.bgpStatus === 'Connect' &&
      bgpPeerConfigured(ctx, current)
    ) {
      current.bgpStatus = 'Established';
      ctx.logger.info(`BGP peer ${id} (${current.peerIpAddress}) Established`);
    }
  });
}

function createVirtualBorderRouter(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const physicalConnectionId = reqString(p, 'PhysicalConnectionId');
  const regionId = reqString(p, 'RegionId');
  reqString(p, 'VlanId');
  const vlanId = optInt(p, 'VlanId', 0, 2999)!;
  checkRegion(ctx, regionId);
  const localGatewayIp = optString(p, 'LocalGatewayIp');
  const peerGatewayIp = optString(p, 'PeerGatewayIp');
  const mask = optString(p, 'PeeringSubnetMask');
  if (localGatewayIp && !isIpv4(localGatewayIp)) {
    throw invalidParameter('LocalGatewayIp', 'not an IPv4 address');
  }
  if (peerGatewayIp && !isIpv4(peerGatewayIp)) {
    throw invalidParameter('PeerGatewayIp', 'not an IPv4 address');
  }
  if (mask && !isIpv4(mask)) {
    throw invalidParameter('PeeringSubnetMask', 'not a subnet mask');
  }
  if (
    ctx.state.vbrs.some(
      v =>
        v.physicalConnectionId === physicalConnectionId &&
        v.vlanId === vlanId &&
        v.status !== 'terminated',
    )
  ) {
    throw new ApiError(
      400,
      'InvalidVlanId.Used',
      `The VLAN ID ${vlanId} is already used on ${physicalConnectionId}.`,
    );
  }
  optInt(p, 'Bandwidth', 1, 100000);
  const vbr: SimVbr = {
    vbrId: newVbrId(),
    regionId,
    name: optString(p, 'Name'),
    physicalConnectionId,
    vlanId,
    localGatewayIp,
    peerGatewayIp,
    peeringSubnetMask: mask,
    status: 'active',
    creationTime: rfc3339(),
  };
  ctx.state.vbrs.push(vbr);
  ctx.logger.info(
    `CreateVirtualBorderRouter ${vbr.vbrId} on ${physicalConnectionId} vlan ${vlanId}`,
  );
  return { body: { VbrId: vbr.vbrId, RequestId: req.requestId } };
}

function describeVirtualBorderRouters(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = reqString(p, 'RegionId');
  const { pageNumber, pageSize } = rpcPageArgs(p);
  const filters = rpcFilters(p);
  const matches = ctx.state.vbrs.filter(v => {
    if (v.regionId !== regionId) {
      return false;
    }
    return filters.every(f => {
      const field: Record<string, string | undefined> = {
        VbrId: v.vbrId,
        PhysicalConnectionId: v.physicalConnectionId,
        Status: v.status,
        Name: v.name,
        VlanId: String(v.vlanId),
        LocalGatewayIp: v.localGatewayIp,
        PeerGatewayIp: v.peerGatewayIp,
      };
      if (!(f.key in field)) {
        return true;
      }
      return f.values.includes(field[f.key] ?? '');
    });
  });
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matches.length,
      VirtualBorderRouterSet: {
        VirtualBorderRouterType: paginate(matches, pageNumber, pageSize).map(
          v => ({
            VbrId: v.vbrId,
            Name: v.name ?? '',
            Description: '',
            Status: v.status,
            Type: 'pconn',
            PhysicalConnectionId: v.physicalConnectionId,
            PhysicalConnectionStatus: 'Enabled',
            PhysicalConnectionBusinessStatus: 'Normal',
            PhysicalConnectionOwnerUid: ctx.state.accountId,
            VlanId: v.vlanId,
            VlanInterfaceId: `ri-${v.vbrId.slice(4)}`,
            LocalGatewayIp: v.localGatewayIp ?? '',
            PeerGatewayIp: v.peerGatewayIp ?? '',
            PeeringSubnetMask: v.peeringSubnetMask ?? '',
            EnableIpv6: false,
            CreationTime: v.creationTime,
            ActivationTime: v.creationTime,
            RouteTableId: `vtb-${v.vbrId.slice(4)}`,
            Bandwidth: 0,
            Mtu: 1500,
            MinRxInterval: 300,
            MinTxInterval: 300,
            DetectMultiplier: 3,
            SitelinkEnable: false,
            ResourceGroupId: '',
            AssociatedCens: {
              AssociatedCen: ctx.state.cens
                .filter(c =>
                  c.children.some(ch => ch.childInstanceId === v.vbrId),
                )
                .map(c => ({
                  CenId: c.cenId,
                  CenOwnerId: Number(ctx.state.accountId) || 0,
                  CenStatus: c.children.find(
                    ch => ch.childInstanceId === v.vbrId,
                  )!.status,
                })),
            },
            AssociatedPhysicalConnections: { AssociatedPhysicalConnection: [] },
            Tags: { Tags: [] },
          }),
        ),
      },
    },
  };
}

function createBgpGroup(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  reqString(p, 'PeerAsn');
  const regionId = reqString(p, 'RegionId');
  const routerId = reqString(p, 'RouterId');
  const peerAsn = optInt(p, 'PeerAsn', 1, 4294967295)!;
  const localAsn = optInt(p, 'LocalAsn', 1, 4294967295) ?? 45104;
  checkRegion(ctx, regionId);
  findVbr(ctx, routerId, regionId);
  optBool(p, 'IsFakeAsn');
  const group = {
    bgpGroupId: newBgpGroupId(),
    regionId,
    routerId,
    peerAsn,
    localAsn,
    name: optString(p, 'Name'),
  };
  ctx.state.bgpGroups.push(group);
  ctx.logger.info(
    `CreateBgpGroup ${group.bgpGroupId} on ${routerId} peer AS ${peerAsn}`,
  );
  return { body: { BgpGroupId: group.bgpGroupId, RequestId: req.requestId } };
}

function describeBgpGroups(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = reqString(p, 'RegionId');
  const { pageNumber, pageSize } = rpcPageArgs(p);
  const routerId = optString(p, 'RouterId');
  const groupId = optString(p, 'BgpGroupId');
  const matches = ctx.state.bgpGroups.filter(
    g =>
      g.regionId === regionId &&
      (!routerId || g.routerId === routerId) &&
      (!groupId || g.bgpGroupId === groupId),
  );
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matches.length,
      BgpGroups: {
        BgpGroup: paginate(matches, pageNumber, pageSize).map(g => ({
          BgpGroupId: g.bgpGroupId,
          RouterId: g.routerId,
          RegionId: g.regionId,
          Name: g.name ?? '',
          Description: '',
          PeerAsn: String(g.peerAsn),
          LocalAsn: String(g.localAsn),
          AuthKey: '',
          Hold: '30',
          Keepalive: '10',
          IpVersion: 'IPV4',
          IsFake: 'false',
          RouteLimit: '110',
          Status: 'Available',
        })),
      },
    },
  };
}

function createBgpPeer(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const bgpGroupId = reqString(p, 'BgpGroupId');
  const regionId = reqString(p, 'RegionId');
  checkRegion(ctx, regionId);
  const group = ctx.state.bgpGroups.find(
    g => g.bgpGroupId === bgpGroupId && g.regionId === regionId,
  );
  if (!group) {
    throw notFound('InvalidBgpGroupId.NotFound', `BGP group ${bgpGroupId}`);
  }
  const peerIpAddress = optString(p, 'PeerIpAddress');
  if (peerIpAddress && !isIpv4(peerIpAddress)) {
    throw invalidParameter('PeerIpAddress', 'not an IPv4 address');
  }
  const enableBfd = optBool(p, 'EnableBfd') ?? false;
  const hop = optInt(p, 'BfdMultiHop', 1, 255);
  if (enableBfd && hop === undefined) {
    reqString(p, 'BfdMultiHop');
  }
  if (
    peerIpAddress &&
    ctx.state.bgpPeers.some(
      x => x.bgpGroupId === bgpGroupId && x.peerIpAddress === peerIpAddress,
    )
  ) {
    throw new ApiError(
      400,
      'InvalidPeerIpAddress.Duplicate',
      `A BGP peer with IP ${peerIpAddress} already exists in ${bgpGroupId}.`,
    );
  }
  const peer: SimBgpPeer = {
    bgpPeerId: newBgpPeerId(),
    bgpGroupId,
    regionId,
    peerIpAddress,
    bgpStatus: 'Idle',
  };
  ctx.state.bgpPeers.push(peer);
  ctx.logger.info(
    `CreateBgpPeer ${peer.bgpPeerId} in ${bgpGroupId} -> ${
      peerIpAddress ?? '(no ip)'
    }`,
  );
  evaluateBgpPeer(ctx, peer);
  return { body: { BgpPeerId: peer.bgpPeerId, RequestId: req.requestId } };
}

function describeBgpPeers(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = reqString(p, 'RegionId');
  const { pageNumber, pageSize } = rpcPageArgs(p);
  const groupId = optString(p, 'BgpGroupId');
  const peerId = optString(p, 'BgpPeerId');
  const routerId = optString(p, 'RouterId');
  const now = rfc3339();
  // picks up changes made to the VBR or group since the peer was created
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
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matches.length,
      BgpPeers: {
        BgpPeer: paginate(matches, pageNumber, pageSize).map(peer => {
          const group = ctx.state.bgpGroups.find(
            g => g.bgpGroupId === peer.bgpGroupId,
          );
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
            Status: 'Available',
            AuthKey: '',
            Hold: '30',
            Keepalive: '10',
            IpVersion: 'IPV4',
            IsFake: false,
            EnableBfd: false,
            BfdMultiHop: 255,
            RouteLimit: '110',
            AdvertisedRouteCount: established ? advertised : 0,
            ReceivedRouteCount: 0,
            GmtModified: now,
          };
        }),
      },
    },
  };
}

function addBgpNetwork(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const dst = reqString(p, 'DstCidrBlock');
  const regionId = reqString(p, 'RegionId');
  const routerId = reqString(p, 'RouterId');
  checkRegion(ctx, regionId);
  if (!isCidr(dst)) {
    throw invalidParameter('DstCidrBlock', 'not a CIDR block');
  }
  findVbr(ctx, routerId, regionId);
  if (
    ctx.state.bgpNetworks.some(
      n => n.routerId === routerId && n.dstCidrBlock === dst,
    )
  ) {
    throw new ApiError(
      400,
      'InvalidDstCidrBlock.Duplicate',
      `The BGP network ${dst} already exists on ${routerId}.`,
    );
  }
  ctx.state.bgpNetworks.push({
    regionId,
    routerId,
    dstCidrBlock: dst,
    vpcId: optString(p, 'VpcId'),
  });
  ctx.logger.info(`AddBgpNetwork ${dst} on ${routerId}`);
  return { body: { RequestId: req.requestId } };
}

function describeBgpNetworks(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = reqString(p, 'RegionId');
  const { pageNumber, pageSize } = rpcPageArgs(p);
  const routerId = optString(p, 'RouterId');
  const matches = ctx.state.bgpNetworks.filter(
    n => n.regionId === regionId && (!routerId || n.routerId === routerId),
  );
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matches.length,
      BgpNetworks: {
        BgpNetwork: paginate(matches, pageNumber, pageSize).map(n => ({
          DstCidrBlock: n.dstCidrBlock,
          RouterId: n.routerId,
          VpcId: n.vpcId ?? '',
          Status: 'Available',
        })),
      },
    },
  };
}

function findRouteTable(ctx: CloudContext, routeTableId: string) {
  const vpc = ctx.state.vpcs.find(v => v.routeTableId === routeTableId);
  if (!vpc) {
    throw notFound(
      'InvalidRouteTableId.NotFound',
      `route table ${routeTableId}`,
    );
  }
  return vpc;
}

function createRouteEntry(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const routeTableId = reqString(p, 'RouteTableId');
  const dst = reqString(p, 'DestinationCidrBlock');
  if (!isCidr(dst)) {
    throw invalidParameter('DestinationCidrBlock', 'not a CIDR block');
  }
  const nextHopType = optString(p, 'NextHopType') ?? 'Instance';
  if (!NEXT_HOP_TYPES.includes(nextHopType)) {
    throw invalidParameter(
      'NextHopType',
      `unsupported next hop type ${nextHopType}`,
    );
  }
  const nextHopId = optString(p, 'NextHopId');
  const hasList = Object.keys(p).some(k => k.startsWith('NextHopList.'));
  if (!nextHopId && !hasList && nextHopType !== 'Ipv4Gateway') {
    reqString(p, 'NextHopId');
  }
  const vpc = findRouteTable(ctx, routeTableId);
  const regionId = optString(p, 'RegionId');
  if (regionId && regionId !== vpc.regionId) {
    throw notFound(
      'InvalidRouteTableId.NotFound',
      `route table ${routeTableId}`,
    );
  }
  if (
    ctx.state.routeEntries.some(
      r => r.routeTableId === routeTableId && r.destinationCidrBlock === dst,
    ) ||
    vpc.vSwitches.some(v => v.cidrBlock === dst)
  ) {
    throw new ApiError(
      400,
      'InvalidCIDRBlock.Duplicate',
      'Specified CIDR block is already exists.',
    );
  }
  if (
    nextHopId?.startsWith('vbr-') &&
    !ctx.state.vbrs.some(v => v.vbrId === nextHopId)
  ) {
    throw notFound('InvalidNextHopId.NotFound', `next hop ${nextHopId}`);
  }
  if (optBool(p, 'DryRun')) {
    throw new ApiError(
      400,
      'DryRunOperation',
      'Request validation has been passed with DryRun flag set.',
    );
  }
  const entry: SimRouteEntry = {
    routeEntryId: newRouteEntryId(),
    routeTableId,
    destinationCidrBlock: dst,
    nextHopType,
    nextHopId,
    name: optString(p, 'RouteEntryName'),
    status: 'Pending',
  };
  ctx.state.routeEntries.push(entry);
  ctx.logger.info(
    `CreateRouteEntry ${entry.routeEntryId} ${dst} -> ${nextHopType}/${
      nextHopId ?? ''
    }`,
  );
  scheduleRouteEntry(ctx, entry);
  return {
    body: { RouteEntryId: entry.routeEntryId, RequestId: req.requestId },
  };
}

export function scheduleRouteEntry(ctx: CloudContext, entry: SimRouteEntry) {
  const id = entry.routeEntryId;
  ctx.schedule(`route:${id}`, ctx.timing.routeReadyMs, () => {
    const current = ctx.state.routeEntries.find(r => r.routeEntryId === id);
    if (current && current.status === 'Pending') {
      current.status = 'Available';
    }
  });
}

function systemRouteId(routeTableId: string, cidr: string) {
  return `rte-${createHash('sha256')
    .update(`${routeTableId}/${cidr}`)
    .digest('hex')
    .slice(0, 20)}`;
}

function describeRouteEntryList(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = reqString(p, 'RegionId');
  const routeTableId = reqString(p, 'RouteTableId');
  const vpc = findRouteTable(ctx, routeTableId);
  if (vpc.regionId !== regionId) {
    throw notFound(
      'InvalidRouteTableId.NotFound',
      `route table ${routeTableId}`,
    );
  }
  const maxResult = optInt(p, 'MaxResult', 1, 100) ?? 50;
  const token = optString(p, 'NextToken');
  const offset = token ? Number.parseInt(token, 10) : 0;
  if (token && (!Number.isFinite(offset) || offset < 0)) {
    throw invalidParameter('NextToken');
  }
  const now = rfc3339();
  const system = vpc.vSwitches.map(v => ({
    RouteEntryId: systemRouteId(routeTableId, v.cidrBlock),
    RouteTableId: routeTableId,
    DestinationCidrBlock: v.cidrBlock,
    Type: 'System',
    Status: 'Available',
    RouteEntryName: '',
    Description: '',
    IpVersion: 'ipv4',
    Origin: '',
    ServiceType: '',
    GmtModified: now,
    NextHops: {
      NextHop: [
        {
          NextHopType: 'local',
          NextHopId: '',
          Enabled: 1,
          Weight: 0,
          NextHopRegionId: vpc.regionId,
        },
      ],
    },
  }));
  const custom = ctx.state.routeEntries
    .filter(r => r.routeTableId === routeTableId)
    .map(r => ({
      RouteEntryId: r.routeEntryId,
      RouteTableId: r.routeTableId,
      DestinationCidrBlock: r.destinationCidrBlock,
      Type: 'Custom',
      Status: r.status,
      RouteEntryName: r.name ?? '',
      Description: '',
      IpVersion: 'ipv4',
      Origin: '',
      ServiceType: '',
      GmtModified: now,
      NextHops: {
        NextHop: [
          {
            NextHopType: r.nextHopType,
            NextHopId: r.nextHopId ?? '',
            Enabled: 1,
            Weight: 0,
            NextHopRegionId: vpc.regionId,
          },
        ],
      },
    }));
  const routeEntryId = optString(p, 'RouteEntryId');
  const dst = optString(p, 'DestinationCidrBlock');
  const name = optString(p, 'RouteEntryName');
  const nextHopId = optString(p, 'NextHopId');
  const nextHopType = optString(p, 'NextHopType');
  const type = optString(p, 'RouteEntryType');
  const matches = [...system, ...custom].filter(
    r =>
      (!routeEntryId || r.RouteEntryId === routeEntryId) &&
      (!dst || r.DestinationCidrBlock === dst) &&
      (!name || r.RouteEntryName === name) &&
      (!nextHopId || r.NextHops.NextHop[0].NextHopId === nextHopId) &&
      (!nextHopType || r.NextHops.NextHop[0].NextHopType === nextHopType) &&
      (!type || r.Type === type),
  );
  const page = matches.slice(offset, offset + maxResult);
  const next =
    offset + maxResult < matches.length ? String(offset + maxResult) : '';
  return {
    body: {
      RequestId: req.requestId,
      NextToken: next,
      TotalCount: matches.length,
      RouteEntrys: { RouteEntry: page },
    },
  };
}

export const VPC_HANDLERS: Record<string, Handler> = {
  CreateVirtualBorderRouter: createVirtualBorderRouter,
  DescribeVirtualBorderRouters: describeVirtualBorderRouters,
  CreateBgpGroup: createBgpGroup,
  DescribeBgpGroups: describeBgpGroups,
  CreateBgpPeer: createBgpPeer,
  DescribeBgpPeers: describeBgpPeers,
  AddBgpNetwork: addBgpNetwork,
  DescribeBgpNetworks: describeBgpNetworks,
  CreateRouteEntry: createRouteEntry,
  DescribeRouteEntryList: describeRouteEntryList,
};
