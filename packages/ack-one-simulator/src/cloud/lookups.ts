import { ApiRequest, ApiResponse, CloudContext } from './context';
import { missingParameter } from './errors';
import { SimVpc } from './model';
import { matchesFilters, optBool, optString, rpcFilters } from './params';
import { rpcPaged } from './paging';
import {
  cenOfInstance,
  checkRegion,
  ownerId,
  requireRegion,
  vbrRouteTableId,
  vRouterIdOf,
} from './vpcCommon';

/*
 * The VPC lookups: VPCs, vSwitches, Express Connect circuits and route
 * tables. Every one pages with PageNumber/PageSize (at most 50, 10 by default).
 */

const DEFAULT_TIME = '2024-01-01T00:00:00Z';

/** Free addresses of a CIDR block, less the 4 a vSwitch reserves. */
function availableIps(cidr: string) {
  return Math.max(0, 2 ** (32 - Number(cidr.split('/')[1])) - 4);
}

/** A comma-separated list parameter (VpcId takes up to 20 ids). */
function idList(value: string | undefined) {
  return value
    ? value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : undefined;
}

function vpcView(ctx: CloudContext, v: SimVpc) {
  return {
    VpcId: v.vpcId,
    VpcName: v.name ?? '',
    RegionId: v.regionId,
    Status: 'Available',
    CidrBlock: v.cidrBlock,
    CreationTime: v.creationTime ?? DEFAULT_TIME,
    Description: '',
    IsDefault: false,
    VRouterId: vRouterIdOf(v),
    OwnerId: ownerId(ctx),
    ResourceGroupId: '',
    CenStatus: cenOfInstance(ctx, v.vpcId) ? 'Attached' : '',
    EnabledIpv6: false,
    Ipv6CidrBlock: '',
    DhcpOptionsSetId: '',
    DhcpOptionsSetStatus: '',
    DnsHostnameStatus: 'DISABLED',
    VSwitchIds: { VSwitchId: v.vSwitches.map(s => s.vSwitchId) },
    RouterTableIds: { RouterTableIds: [v.routeTableId] },
    NatGatewayIds: { NatGatewayIds: [] },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    UserCidrs: { UserCidr: [] },
    Ipv6CidrBlocks: { Ipv6CidrBlock: [] },
    Tags: { Tag: [] },
  };
}

function describeVpcs(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const ids = idList(optString(p, 'VpcId'));
  const name = optString(p, 'VpcName');
  const isDefault = optBool(p, 'IsDefault');
  const matches = ctx.state.vpcs.filter(
    v =>
      v.regionId === regionId &&
      (!ids || ids.includes(v.vpcId)) &&
      (!name || v.name === name) &&
      isDefault !== true,
  );
  return rpcPaged(
    req,
    matches,
    v => vpcView(ctx, v),
    rows => ({ Vpcs: { Vpc: rows } }),
  );
}

function describeVSwitches(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = optString(p, 'RegionId');
  const vpcId = optString(p, 'VpcId');
  if (!regionId && !vpcId) {
    // documented: RegionId or VpcId; the error for neither is UNVERIFIED
    throw missingParameter('RegionId');
  }
  if (regionId) checkRegion(ctx, regionId);
  const f = {
    id: optString(p, 'VSwitchId'),
    zone: optString(p, 'ZoneId'),
    name: optString(p, 'VSwitchName'),
    table: optString(p, 'RouteTableId'),
  };
  const rows = ctx.state.vpcs
    .filter(
      v =>
        (!regionId || v.regionId === regionId) && (!vpcId || v.vpcId === vpcId),
    )
    .flatMap(v => v.vSwitches.map(s => ({ vpc: v, s })))
    .filter(
      ({ vpc, s }) =>
        (!f.id || s.vSwitchId === f.id) &&
        (!f.zone || s.zoneId === f.zone) &&
        (!f.name || s.name === f.name) &&
        (!f.table || vpc.routeTableId === f.table),
    );
  return rpcPaged(
    req,
    rows,
    ({ vpc, s }) => ({
      VSwitchId: s.vSwitchId,
      VSwitchName: s.name ?? '',
      VpcId: vpc.vpcId,
      ZoneId: s.zoneId,
      CidrBlock: s.cidrBlock,
      Status: 'Available',
      AvailableIpAddressCount: availableIps(s.cidrBlock),
      CreationTime: vpc.creationTime ?? DEFAULT_TIME,
      Description: '',
      IsDefault: false,
      EnabledIpv6: false,
      Ipv6CidrBlock: '',
      NetworkAclId: '',
      OwnerId: ownerId(ctx),
      ResourceGroupId: '',
      ShareType: '',
      RouteTable: { RouteTableId: vpc.routeTableId, RouteTableType: 'System' },
      Tags: { Tag: [] },
    }),
    out => ({ VSwitches: { VSwitch: out } }),
  );
}

function describePhysicalConnections(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const filters = rpcFilters(p);
  const matches = ctx.state.physicalConnections.filter(pc => {
    const field: Record<string, string | undefined> = {
      PhysicalConnectionId: pc.physicalConnectionId,
      Status: pc.status,
      Name: pc.name,
      AccessPointId: pc.accessPointId,
      LineOperator: pc.lineOperator,
      Type: 'VPC',
      BusinessStatus: pc.businessStatus,
    };
    return pc.regionId === regionId && matchesFilters(filters, field);
  });
  return rpcPaged(
    req,
    matches,
    pc => ({
      PhysicalConnectionId: pc.physicalConnectionId,
      Name: pc.name ?? '',
      Description: '',
      AccessPointId: pc.accessPointId,
      AccessPointType: 'VPC',
      Type: 'VPC',
      Bandwidth: pc.bandwidth,
      LineOperator: pc.lineOperator,
      Status: pc.status,
      BusinessStatus: pc.businessStatus,
      ChargeType: 'Prepaid',
      CircuitCode: '',
      CreationTime: pc.creationTime,
      EnabledTime: pc.creationTime,
      PeerLocation: 'IDC',
      PortType: '10GBase-LR',
      PortNumber: '',
      ProductType: 'VirtualPhysicalConnection',
      ResourceGroupId: '',
      VirtualPhysicalConnectionCount: ctx.state.vbrs.filter(
        v => v.physicalConnectionId === pc.physicalConnectionId,
      ).length,
      Tags: { tags: [] },
    }),
    rows => ({ PhysicalConnectionSet: { PhysicalConnectionType: rows } }),
  );
}

/** The route tables: each VPC's system table and each VBR's. */
function routeTables(ctx: CloudContext, regionId: string) {
  const vpcTables = ctx.state.vpcs
    .filter(v => v.regionId === regionId)
    .map(v => ({
      RouteTableId: v.routeTableId,
      RouteTableName: '',
      RouteTableType: 'System',
      RouterType: 'VRouter',
      RouterId: vRouterIdOf(v),
      VpcId: v.vpcId,
      VSwitchIds: { VSwitchId: v.vSwitches.map(s => s.vSwitchId) },
      CreationTime: v.creationTime ?? DEFAULT_TIME,
    }));
  const vbrTables = ctx.state.vbrs
    .filter(v => v.regionId === regionId)
    .map(v => ({
      RouteTableId: vbrRouteTableId(v),
      RouteTableName: '',
      RouteTableType: 'System',
      RouterType: 'VBR',
      RouterId: v.vbrId,
      VpcId: '',
      VSwitchIds: { VSwitchId: [] as string[] },
      CreationTime: v.creationTime,
    }));
  return [...vpcTables, ...vbrTables].map(t => ({
    ...t,
    Status: 'Available',
    Description: '',
    ResourceGroupId: '',
    AssociateType: t.RouterType === 'VRouter' ? 'VSwitch' : '',
    RoutePropagationEnable: true,
    GatewayIds: { GatewayIds: [] },
    Tags: { Tag: [] },
  }));
}

function describeRouteTableList(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const f = {
    vpc: optString(p, 'VpcId'),
    routerType: optString(p, 'RouterType'),
    routerId: optString(p, 'RouterId'),
    id: optString(p, 'RouteTableId'),
    name: optString(p, 'RouteTableName'),
    type: optString(p, 'RouteTableType'),
  };
  const matches = routeTables(ctx, regionId).filter(
    t =>
      (!f.vpc || t.VpcId === f.vpc) &&
      (!f.routerType || t.RouterType === f.routerType) &&
      (!f.routerId || t.RouterId === f.routerId) &&
      (!f.id || t.RouteTableId === f.id) &&
      (!f.name || t.RouteTableName === f.name) &&
      (!f.type || t.RouteTableType === f.type),
  );
  return rpcPaged(
    req,
    matches,
    t => t,
    rows => ({ RouterTableList: { RouterTableListType: rows } }),
  );
}

export const LOOKUP_HANDLERS = {
  DescribeVpcs: describeVpcs,
  DescribeVSwitches: describeVSwitches,
  DescribePhysicalConnections: describePhysicalConnections,
  DescribeRouteTableList: describeRouteTableList,
};
