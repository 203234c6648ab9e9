import * as $VPC from '@alicloud/vpc20160428';
import type { AckOneService } from '../types';
import { allPages, arr, num, PAGE_SIZE, str } from './paging';
import type {
  AckOnePhysicalConnection,
  AckOneRouteTable,
  AckOneVpc,
  AckOneVSwitch,
  AckOneWhere,
} from './types';

/** The VPC lookups: read-only, every page. */
export interface AckOneVpcLookups {
  /** DescribeVpcs: the VPCs of the region (or the one with `vpcId`). */
  describeVpcs(where: AckOneWhere, vpcId?: string): Promise<AckOneVpc[]>;
  /** DescribeVSwitches: the vSwitches of the region or of one VPC. */
  describeVSwitches(
    where: AckOneWhere,
    vpcId?: string,
  ): Promise<AckOneVSwitch[]>;
  /** DescribePhysicalConnections: the Express Connect circuits of the region. */
  describePhysicalConnections(
    where: AckOneWhere,
  ): Promise<AckOnePhysicalConnection[]>;
  /** DescribeRouteTableList: route tables of VPCs (VRouter) and VBRs. */
  describeRouteTables(
    where: AckOneWhere,
    filter: { vpcId?: string; routerId?: string; routerType?: string },
  ): Promise<AckOneRouteTable[]>;
}

export function vpcLookups(ackOne: AckOneService): AckOneVpcLookups {
  return {
    async describeVpcs({ account, region }, vpcId) {
      const rows = await allPages(async pageNumber => {
        const res = await ackOne.call(
          account,
          region,
          'DescribeVpcs',
          (c, rt) =>
            c.vpc.describeVpcsWithOptions(
              new $VPC.DescribeVpcsRequest({
                regionId: region,
                vpcId,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.vpcs?.vpc),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
      return rows
        .filter(v => v.vpcId)
        .map(v => ({
          vpcId: v.vpcId,
          name: str(v.vpcName),
          cidrBlock: v.cidrBlock ?? '',
          status: str(v.status),
          vSwitchIds: arr<string>(v.vSwitchIds?.vSwitchId),
        }));
    },

    async describeVSwitches({ account, region }, vpcId) {
      const rows = await allPages(async pageNumber => {
        const res = await ackOne.call(
          account,
          region,
          'DescribeVSwitches',
          (c, rt) =>
            c.vpc.describeVSwitchesWithOptions(
              new $VPC.DescribeVSwitchesRequest({
                regionId: region,
                vpcId,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.vSwitches?.vSwitch),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
      return rows
        .filter(s => s.vSwitchId)
        .map(s => ({
          vSwitchId: s.vSwitchId,
          vpcId: s.vpcId ?? '',
          zoneId: s.zoneId ?? '',
          cidrBlock: s.cidrBlock ?? '',
          name: str(s.vSwitchName),
          status: str(s.status),
        }));
    },

    async describePhysicalConnections({ account, region }) {
      const rows = await allPages(async pageNumber => {
        const res = await ackOne.call(
          account,
          region,
          'DescribePhysicalConnections',
          (c, rt) =>
            c.vpc.describePhysicalConnectionsWithOptions(
              new $VPC.DescribePhysicalConnectionsRequest({
                regionId: region,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.physicalConnectionSet?.physicalConnectionType),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
      return rows
        .filter(p => p.physicalConnectionId)
        .map(p => ({
          physicalConnectionId: p.physicalConnectionId,
          name: str(p.name),
          status: p.status ?? '',
          businessStatus: str(p.businessStatus),
          accessPointId: str(p.accessPointId),
          bandwidth: num(p.bandwidth),
        }));
    },

    async describeRouteTables({ account, region }, filter) {
      const rows = await allPages(async pageNumber => {
        const res = await ackOne.call(
          account,
          region,
          'DescribeRouteTableList',
          (c, rt) =>
            c.vpc.describeRouteTableListWithOptions(
              new $VPC.DescribeRouteTableListRequest({
                regionId: region,
                vpcId: filter.vpcId,
                routerId: filter.routerId,
                routerType: filter.routerType,
                pageNumber,
                pageSize: PAGE_SIZE,
              }),
              rt,
            ),
        );
        return {
          items: arr(res.body?.routerTableList?.routerTableListType),
          total: num(res.body?.totalCount) ?? 0,
        };
      });
      return rows
        .filter(t => t.routeTableId)
        .map(t => ({
          routeTableId: t.routeTableId,
          routeTableType: str(t.routeTableType),
          routerType: str(t.routerType),
          routerId: str(t.routerId),
          vpcId: str(t.vpcId),
          status: str(t.status),
        }));
    },
  };
}
