import * as $VPC from '@alicloud/vpc20160428';
import type { AckOneSdkService } from '../sdkAccess';
import { allTokenPages, arr, num, str } from './paging';
import type {
  AckOneBgpGroup,
  AckOneBgpPeer,
  AckOneRouteEntry,
  AckOneVbr,
  AckOneWhere,
} from './types';
import { vpcCall, vpcPages } from './calls';

/**
 * CreateVirtualBorderRouter input (for the circuit owner).
 *
 * @public
 */
export interface CreateVbrInput {
  physicalConnectionId: string;
  vlanId: number;
  localGatewayIp: string;
  peerGatewayIp: string;
  peeringSubnetMask: string;
  name?: string;
  description?: string;
  clientToken: string;
}

/** @public */
export interface CreateBgpGroupInput {
  routerId: string;
  peerAsn: number;
  localAsn?: number;
  /** Secret: sent to the cloud, never logged or returned. */
  authKey?: string;
  name?: string;
  clientToken: string;
}

/** @public */
export interface CreateBgpPeerInput {
  bgpGroupId: string;
  peerIpAddress: string;
  clientToken: string;
}

/** @public */
export interface CreateRouteEntryInput {
  routeTableId: string;
  destinationCidrBlock: string;
  nextHopType: string;
  nextHopId: string;
  name?: string;
  clientToken: string;
}

/**
 * Express Connect: VBRs, BGP, and route entries of VPC and VBR route tables.
 *
 * @public
 */
export interface AckOneExpressConnectWrites {
  describeVirtualBorderRouters(
    where: AckOneWhere,
    filter?: { physicalConnectionId?: string; vbrId?: string },
  ): Promise<AckOneVbr[]>;
  /** Returns the new VBR's id. */
  createVirtualBorderRouter(
    where: AckOneWhere,
    input: CreateVbrInput,
  ): Promise<string>;
  describeBgpGroups(
    where: AckOneWhere,
    filter: { routerId?: string; bgpGroupId?: string },
  ): Promise<AckOneBgpGroup[]>;
  createBgpGroup(
    where: AckOneWhere,
    input: CreateBgpGroupInput,
  ): Promise<string>;
  describeBgpPeers(
    where: AckOneWhere,
    filter: { bgpGroupId?: string; bgpPeerId?: string; routerId?: string },
  ): Promise<AckOneBgpPeer[]>;
  createBgpPeer(where: AckOneWhere, input: CreateBgpPeerInput): Promise<string>;
  describeRouteEntries(
    where: AckOneWhere,
    filter: { routeTableId: string; destinationCidrBlock?: string },
  ): Promise<AckOneRouteEntry[]>;
  createRouteEntry(
    where: AckOneWhere,
    input: CreateRouteEntryInput,
  ): Promise<string>;
}

function vbrFrom(v: any): AckOneVbr {
  return {
    vbrId: v.vbrId,
    name: str(v.name),
    status: v.status ?? '',
    physicalConnectionId: str(v.physicalConnectionId),
    vlanId: num(v.vlanId),
    localGatewayIp: str(v.localGatewayIp),
    peerGatewayIp: str(v.peerGatewayIp),
    peeringSubnetMask: str(v.peeringSubnetMask),
    routeTableId: str(v.routeTableId),
    vlanInterfaceId: str(v.vlanInterfaceId),
  };
}

function routeEntryFrom(r: any): AckOneRouteEntry {
  const hop = arr(r.nextHops?.nextHop)[0] ?? {};
  return {
    routeEntryId: r.routeEntryId,
    routeTableId: r.routeTableId ?? '',
    destinationCidrBlock: r.destinationCidrBlock ?? '',
    nextHopType: str(hop.nextHopType),
    nextHopId: str(hop.nextHopId),
    status: str(r.status),
  };
}

function vbrFilters(filter: {
  physicalConnectionId?: string;
  vbrId?: string;
}): $VPC.DescribeVirtualBorderRoutersRequestFilter[] | undefined {
  const filters = [
    ['PhysicalConnectionId', filter.physicalConnectionId],
    ['VbrId', filter.vbrId],
  ]
    .filter(([, v]) => v)
    .map(
      ([key, v]) =>
        new $VPC.DescribeVirtualBorderRoutersRequestFilter({
          key,
          value: [v!],
        }),
    );
  return filters.length ? filters : undefined;
}

/** The Express Connect writes and lookups of an AckOneService. */
export class ExpressConnectWrites implements AckOneExpressConnectWrites {
  constructor(private readonly ackOne: AckOneSdkService) {}

  async describeVirtualBorderRouters(
    where: AckOneWhere,
    filter: { physicalConnectionId?: string; vbrId?: string } = {},
  ): Promise<AckOneVbr[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribeVirtualBorderRouters',
      (vpc, page, rt) =>
        vpc.describeVirtualBorderRoutersWithOptions(
          new $VPC.DescribeVirtualBorderRoutersRequest({
            ...page,
            filter: vbrFilters(filter),
          }),
          rt,
        ),
      body => body?.virtualBorderRouterSet?.virtualBorderRouterType,
    );
    return rows.filter(v => v.vbrId).map(vbrFrom);
  }

  async createVirtualBorderRouter(
    where: AckOneWhere,
    input: CreateVbrInput,
  ): Promise<string> {
    const res = await vpcCall(
      this.ackOne,
      where,
      'CreateVirtualBorderRouter',
      (vpc, rt) =>
        vpc.createVirtualBorderRouterWithOptions(
          new $VPC.CreateVirtualBorderRouterRequest({
            regionId: where.region,
            ...input,
          }),
          rt,
        ),
    );
    return res.body?.vbrId ?? '';
  }

  async describeBgpGroups(
    where: AckOneWhere,
    filter: { routerId?: string; bgpGroupId?: string },
  ): Promise<AckOneBgpGroup[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribeBgpGroups',
      (vpc, page, rt) =>
        vpc.describeBgpGroupsWithOptions(
          new $VPC.DescribeBgpGroupsRequest({ ...page, ...filter }),
          rt,
        ),
      body => body?.bgpGroups?.bgpGroup,
    );
    return rows
      .filter(g => g.bgpGroupId)
      .map(g => ({
        bgpGroupId: g.bgpGroupId,
        routerId: g.routerId ?? '',
        peerAsn: num(g.peerAsn),
        localAsn: num(g.localAsn),
        status: str(g.status),
        name: str(g.name),
      }));
  }

  async createBgpGroup(
    where: AckOneWhere,
    input: CreateBgpGroupInput,
  ): Promise<string> {
    const res = await vpcCall(this.ackOne, where, 'CreateBgpGroup', (vpc, rt) =>
      vpc.createBgpGroupWithOptions(
        new $VPC.CreateBgpGroupRequest({ regionId: where.region, ...input }),
        rt,
      ),
    );
    return res.body?.bgpGroupId ?? '';
  }

  async describeBgpPeers(
    where: AckOneWhere,
    filter: { bgpGroupId?: string; bgpPeerId?: string; routerId?: string },
  ): Promise<AckOneBgpPeer[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribeBgpPeers',
      (vpc, page, rt) =>
        vpc.describeBgpPeersWithOptions(
          new $VPC.DescribeBgpPeersRequest({ ...page, ...filter }),
          rt,
        ),
      body => body?.bgpPeers?.bgpPeer,
    );
    return rows
      .filter(p => p.bgpPeerId)
      .map(p => ({
        bgpPeerId: p.bgpPeerId,
        bgpGroupId: p.bgpGroupId ?? '',
        peerIpAddress: str(p.peerIpAddress),
        peerAsn: num(p.peerAsn),
        status: str(p.status),
        bgpStatus: str(p.bgpStatus),
      }));
  }

  async createBgpPeer(
    where: AckOneWhere,
    input: CreateBgpPeerInput,
  ): Promise<string> {
    const res = await vpcCall(this.ackOne, where, 'CreateBgpPeer', (vpc, rt) =>
      vpc.createBgpPeerWithOptions(
        new $VPC.CreateBgpPeerRequest({ regionId: where.region, ...input }),
        rt,
      ),
    );
    return res.body?.bgpPeerId ?? '';
  }

  async describeRouteEntries(
    where: AckOneWhere,
    filter: { routeTableId: string; destinationCidrBlock?: string },
  ): Promise<AckOneRouteEntry[]> {
    const rows = await allTokenPages(async nextToken => {
      const res = await vpcCall(
        this.ackOne,
        where,
        'DescribeRouteEntryList',
        (vpc, rt) =>
          vpc.describeRouteEntryListWithOptions(
            new $VPC.DescribeRouteEntryListRequest({
              regionId: where.region,
              routeTableId: filter.routeTableId,
              destinationCidrBlock: filter.destinationCidrBlock,
              maxResult: 100,
              nextToken,
            }),
            rt,
          ),
      );
      return {
        items: arr(res.body?.routeEntrys?.routeEntry),
        nextToken: str(res.body?.nextToken),
      };
    });
    return rows.filter(r => r.routeEntryId).map(routeEntryFrom);
  }

  async createRouteEntry(
    where: AckOneWhere,
    input: CreateRouteEntryInput,
  ): Promise<string> {
    const res = await vpcCall(
      this.ackOne,
      where,
      'CreateRouteEntry',
      (vpc, rt) =>
        vpc.createRouteEntryWithOptions(
          new $VPC.CreateRouteEntryRequest({
            regionId: where.region,
            routeTableId: input.routeTableId,
            destinationCidrBlock: input.destinationCidrBlock,
            nextHopType: input.nextHopType,
            nextHopId: input.nextHopId,
            routeEntryName: input.name,
            clientToken: input.clientToken,
          }),
          rt,
        ),
    );
    return res.body?.routeEntryId ?? '';
  }
}
