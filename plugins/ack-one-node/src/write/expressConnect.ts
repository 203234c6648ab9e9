import * as $VPC from '@alicloud/vpc20160428';
import type { AckOneService } from '../types';
import { allPages, allTokenPages, arr, num, PAGE_SIZE, str } from './paging';
import type {
  AckOneBgpGroup,
  AckOneBgpPeer,
  AckOneRouteEntry,
  AckOneVbr,
  AckOneWhere,
} from './types';

/** CreateVirtualBorderRouter input (for the circuit owner). */
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

export interface CreateBgpGroupInput {
  routerId: string;
  peerAsn: number;
  localAsn?: number;
  /** Secret: sent to the cloud, never logged or returned. */
  authKey?: string;
  name?: string;
  clientToken: string;
}

export interface CreateBgpPeerInput {
  bgpGroupId: string;
  peerIpAddress: string;
  clientToken: string;
}

export interface CreateRouteEntryInput {
  routeTableId: string;
  destinationCidrBlock: string;
  nextHopType: string;
  nextHopId: string;
  name?: string;
  clientToken: string;
}

/** Express Connect: VBRs, BGP, and route entries of VPC and VBR route tables. */
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

export function expressConnectWrites(
  ackOne: AckOneService,
): AckOneExpressConnectWrites {
  const call = <T>(
    where: AckOneWhere,
    name: string,
    fn: Parameters<AckOneService['call']>[3],
  ) => ackOne.call(where.account, where.region, name, fn) as Promise<T>;

  return {
    async describeVirtualBorderRouters(where, filter = {}) {
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
      const rows = await allPages(async pageNumber => {
        const res = await call<$VPC.DescribeVirtualBorderRoutersResponse>(
          where,
          'DescribeVirtualBorderRouters',
          (c, rt) =>
            c.vpc.describeVirtualBorderRoutersWithOptions(
              new $VPC.DescribeVirtualBorderRoutersRequest({
                regionId: where.region,
                filter: filters.length ? filters : undefined,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.virtualBorderRouterSet?.virtualBorderRouterType),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
      return rows.filter(v => v.vbrId).map(vbrFrom);
    },

    async createVirtualBorderRouter(where, input) {
      const res = await call<$VPC.CreateVirtualBorderRouterResponse>(
        where,
        'CreateVirtualBorderRouter',
        (c, rt) =>
          c.vpc.createVirtualBorderRouterWithOptions(
            new $VPC.CreateVirtualBorderRouterRequest({
              regionId: where.region,
              ...input,
            }),
            rt,
          ),
      );
      return res.body?.vbrId ?? '';
    },

    async describeBgpGroups(where, filter) {
      const rows = await allPages(async pageNumber => {
        const res = await call<$VPC.DescribeBgpGroupsResponse>(
          where,
          'DescribeBgpGroups',
          (c, rt) =>
            c.vpc.describeBgpGroupsWithOptions(
              new $VPC.DescribeBgpGroupsRequest({
                regionId: where.region,
                ...filter,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.bgpGroups?.bgpGroup),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
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
    },

    async createBgpGroup(where, input) {
      const res = await ackOne.call(
        where.account,
        where.region,
        'CreateBgpGroup',
        (c, rt) =>
          c.vpc.createBgpGroupWithOptions(
            new $VPC.CreateBgpGroupRequest({
              regionId: where.region,
              ...input,
            }),
            rt,
          ),
      );
      return res.body?.bgpGroupId ?? '';
    },

    async describeBgpPeers(where, filter) {
      const rows = await allPages(async pageNumber => {
        const res = await call<$VPC.DescribeBgpPeersResponse>(
          where,
          'DescribeBgpPeers',
          (c, rt) =>
            c.vpc.describeBgpPeersWithOptions(
              new $VPC.DescribeBgpPeersRequest({
                regionId: where.region,
                ...filter,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.bgpPeers?.bgpPeer),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
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
    },

    async createBgpPeer(where, input) {
      const res = await call<$VPC.CreateBgpPeerResponse>(
        where,
        'CreateBgpPeer',
        (c, rt) =>
          c.vpc.createBgpPeerWithOptions(
            new $VPC.CreateBgpPeerRequest({ regionId: where.region, ...input }),
            rt,
          ),
      );
      return res.body?.bgpPeerId ?? '';
    },

    async describeRouteEntries(where, filter) {
      const rows = await allTokenPages(async nextToken => {
        const res = await call<$VPC.DescribeRouteEntryListResponse>(
          where,
          'DescribeRouteEntryList',
          (c, rt) =>
            c.vpc.describeRouteEntryListWithOptions(
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
    },

    async createRouteEntry(where, input) {
      const res = await call<$VPC.CreateRouteEntryResponse>(
        where,
        'CreateRouteEntry',
        (c, rt) =>
          c.vpc.createRouteEntryWithOptions(
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
    },
  };
}
