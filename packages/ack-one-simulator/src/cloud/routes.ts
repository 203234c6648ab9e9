import { ApiRequest, ApiResponse, CloudContext } from './context';
import {
  cidrDuplicate,
  dryRunPassed,
  incorrectStatus,
  invalidParameter,
  nextHopNotFound,
  nextHopTypeMismatch,
  reservedCidr,
  routeEntryNotAvailable,
  routeEntryNotFound,
  routeTableNotFound,
} from './errors';
import { newRouteEntryId } from './ids';
import { settleCreation, settleRemoval } from './lifecycle';
import { SimRouteEntry, SimVbr, SimVpc } from './model';
import {
  cidrWithin,
  isCidr,
  isIpv4,
  optString,
  Params,
  reqString,
} from './params';
import { routeEntryRows } from './routeViews';
import {
  checkRegion,
  isDryRun,
  requireRegion,
  vbrInterfaceId,
  vbrRouteTableId,
} from './vpcCommon';

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

/** A route table: a VPC's system table (vRouter) or a VBR's. */
export type RouteTable =
  | { id: string; routerType: 'VRouter'; regionId: string; vpc: SimVpc }
  | { id: string; routerType: 'VBR'; regionId: string; vbr: SimVbr };

export function findRouteTable(
  ctx: CloudContext,
  routeTableId: string,
  regionId?: string,
): RouteTable {
  const vpc = ctx.state.vpcs.find(v => v.routeTableId === routeTableId);
  const vbr = ctx.state.vbrs.find(v => vbrRouteTableId(v) === routeTableId);
  const table: RouteTable | undefined = vpc
    ? { id: routeTableId, routerType: 'VRouter', regionId: vpc.regionId, vpc }
    : vbr && {
        id: routeTableId,
        routerType: 'VBR',
        regionId: vbr.regionId,
        vbr,
      };
  if (!table || (regionId && table.regionId !== regionId)) {
    throw routeTableNotFound(routeTableId);
  }
  return table;
}

/** A destination as given: an address without a mask length is a /32 (documented). */
function destinationOf(params: Params): string {
  const raw = reqString(params, 'DestinationCidrBlock');
  const dst = isIpv4(raw) ? `${raw}/32` : raw;
  if (!isCidr(dst)) {
    throw invalidParameter('DestinationCidrBlock', 'not a CIDR block');
  }
  if (cidrWithin(dst, '100.64.0.0/10')) {
    throw reservedCidr(dst);
  }
  return dst;
}

/** What a next hop id names in the simulated account: its NextHopType, if it is a valid next hop of the table. */
function nextHopKind(
  ctx: CloudContext,
  table: RouteTable,
  id: string,
): { type: string; inTable: boolean } | undefined {
  const attachment = ctx.state.trAttachments.find(
    a => a.transitRouterAttachmentId === id,
  );
  if (attachment) {
    // documented: the next hop belongs to the route table's VPC
    const inTable =
      table.routerType === 'VRouter' &&
      attachment.resourceType === 'VPC' &&
      attachment.resourceId === table.vpc.vpcId;
    return { type: 'Attachment', inTable };
  }
  const vbr = ctx.state.vbrs.find(v => vbrInterfaceId(v) === id);
  if (vbr) {
    // documented: a VBR route's next hop is a router interface of that VBR
    const inTable = table.routerType === 'VBR' && table.vbr.vbrId === vbr.vbrId;
    return { type: 'RouterInterface', inTable };
  }
  if (ctx.state.vbrs.some(v => v.vbrId === id)) {
    return { type: 'a VBR', inTable: false };
  }
  if (ctx.state.vpcs.some(v => v.vpcId === id)) {
    return { type: 'a VPC', inTable: false };
  }
  return undefined;
}

function checkNextHop(ctx: CloudContext, table: RouteTable, p: Params) {
  if (Object.keys(p).some(k => k.startsWith('NextHopList.'))) {
    throw invalidParameter(
      'NextHopList',
      'ECMP routes (NextHopList) are not simulated: give NextHopType and NextHopId',
    );
  }
  const type = optString(p, 'NextHopType') ?? 'Instance';
  if (!NEXT_HOP_TYPES.includes(type)) {
    throw invalidParameter('NextHopType', `unsupported next hop type ${type}`);
  }
  const id = reqString(p, 'NextHopId');
  const known = nextHopKind(ctx, table, id);
  if (known && known.type !== type) {
    throw nextHopTypeMismatch(type, id, known.type);
  }
  if (!known || !known.inTable) {
    throw nextHopNotFound(type, id);
  }
  return { type, id };
}

function checkDestination(ctx: CloudContext, table: RouteTable, dst: string) {
  const taken = ctx.state.routeEntries.some(
    r => r.routeTableId === table.id && r.destinationCidrBlock === dst,
  );
  // documented: not the same as, nor inside, a vSwitch's CIDR block
  const local =
    table.routerType === 'VRouter' &&
    table.vpc.vSwitches.some(v => cidrWithin(dst, v.cidrBlock));
  if (taken || local) {
    throw cidrDuplicate();
  }
}

function createRouteEntry(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const routeTableId = reqString(p, 'RouteTableId');
  const dst = destinationOf(p);
  const regionId = optString(p, 'RegionId');
  if (regionId) checkRegion(ctx, regionId);
  const table = findRouteTable(ctx, routeTableId, regionId);
  if (table.routerType === 'VBR' && table.vbr.status !== 'active') {
    throw incorrectStatus('Vbr', table.vbr.vbrId, table.vbr.status);
  }
  checkDestination(ctx, table, dst);
  const hop = checkNextHop(ctx, table, p);
  if (isDryRun(p)) {
    throw dryRunPassed();
  }
  const entry: SimRouteEntry = {
    routeEntryId: newRouteEntryId(),
    routeTableId,
    destinationCidrBlock: dst,
    nextHopType: hop.type,
    nextHopId: hop.id,
    name: optString(p, 'RouteEntryName'),
    description: optString(p, 'Description'),
    status: 'Pending',
    failure: ctx.takeCreationFailure('route-entry'),
  };
  ctx.state.routeEntries.push(entry);
  ctx.logger.info(
    `CreateRouteEntry ${entry.routeEntryId} ${dst} -> ${hop.type}/${hop.id}`,
  );
  scheduleRouteEntry(ctx, entry);
  return {
    body: { RouteEntryId: entry.routeEntryId, RequestId: req.requestId },
  };
}

export function scheduleRouteEntry(ctx: CloudContext, entry: SimRouteEntry) {
  const id = entry.routeEntryId;
  settleCreation(ctx, {
    key: `route:${id}`,
    kind: 'route-entry',
    list: () => ctx.state.routeEntries,
    match: r => r.routeEntryId === id,
    label: `route entry ${id}`,
    pending: 'Pending',
    ready: 'Available',
  });
}

function findEntryToDelete(ctx: CloudContext, p: Params): SimRouteEntry {
  const id = optString(p, 'RouteEntryId');
  if (id) {
    const entry = ctx.state.routeEntries.find(r => r.routeEntryId === id);
    if (!entry) throw routeEntryNotFound(id);
    return entry;
  }
  const tableId = reqString(p, 'RouteTableId');
  const dst = destinationOf(p);
  const hop = optString(p, 'NextHopId');
  findRouteTable(ctx, tableId);
  const entry = ctx.state.routeEntries.find(
    r =>
      r.routeTableId === tableId &&
      r.destinationCidrBlock === dst &&
      (!hop || r.nextHopId === hop),
  );
  if (!entry) throw routeEntryNotFound(`${tableId} ${dst}`);
  return entry;
}

/** DeleteRouteEntry: only Available routes (documented); Deleting, then gone. */
function deleteRouteEntry(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = optString(p, 'RegionId');
  if (regionId) checkRegion(ctx, regionId);
  const entry = findEntryToDelete(ctx, p);
  if (entry.status !== 'Available') {
    throw routeEntryNotAvailable(entry.routeEntryId, entry.status);
  }
  if (isDryRun(p)) {
    throw dryRunPassed();
  }
  entry.status = 'Deleting';
  ctx.logger.info(`DeleteRouteEntry ${entry.routeEntryId} -> Deleting`);
  startRouteDeletion(ctx, entry);
  return { body: { RequestId: req.requestId } };
}

function startRouteDeletion(ctx: CloudContext, entry: SimRouteEntry) {
  const id = entry.routeEntryId;
  settleRemoval(ctx, {
    key: `route-delete:${id}`,
    kind: 'route-entry',
    list: () => ctx.state.routeEntries,
    match: r => r.routeEntryId === id,
    label: `route entry ${id}`,
    removing: 'Deleting',
  });
}

function describeRouteEntryList(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const table = findRouteTable(ctx, reqString(p, 'RouteTableId'), regionId);
  const { rows, nextToken, total } = routeEntryRows(ctx, table, p);
  return {
    body: {
      RequestId: req.requestId,
      NextToken: nextToken,
      TotalCount: total,
      RouteEntrys: { RouteEntry: rows },
    },
  };
}

export function resumeRoutes(ctx: CloudContext) {
  for (const r of ctx.state.routeEntries) {
    if (r.status === 'Pending') scheduleRouteEntry(ctx, r);
    else if (r.status === 'Deleting') startRouteDeletion(ctx, r);
  }
}

export const ROUTE_HANDLERS = {
  CreateRouteEntry: createRouteEntry,
  DeleteRouteEntry: deleteRouteEntry,
  DescribeRouteEntryList: describeRouteEntryList,
};
