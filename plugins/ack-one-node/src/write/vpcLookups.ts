import * as $VPC from '@alicloud/vpc20160428';
import type { AckOneSdkService } from '../sdkAccess';
import { arr, num, str } from './paging';
import type {
  AckOnePhysicalConnection,
  AckOneRouteTable,
  AckOneVpc,
  AckOneVSwitch,
  AckOneWhere,
} from './types';
import { vpcPages } from './calls';

/**
 * The VPC lookups: read-only, every page.
 *
 * @public
 */
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

/** The VPC lookups of an AckOneService. */
export class VpcLookups implements AckOneVpcLookups {
  constructor(private readonly ackOne: AckOneSdkService) {}

  async describeVpcs(where: AckOneWhere, vpcId?: string): Promise<AckOneVpc[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribeVpcs',
      (vpc, page, rt) =>
        vpc.describeVpcsWithOptions(
          new $VPC.DescribeVpcsRequest({ ...page, vpcId }),
          rt,
        ),
      body => body?.vpcs?.vpc,
    );
    return rows
      .filter(v => v.vpcId)
      .map(v => ({
        vpcId: v.vpcId,
        name: str(v.vpcName),
        cidrBlock: v.cidrBlock ?? '',
        status: str(v.status),
        vSwitchIds: arr<string>(v.vSwitchIds?.vSwitchId),
      }));
  }

  async describeVSwitches(
    where: AckOneWhere,
    vpcId?: string,
  ): Promise<AckOneVSwitch[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribeVSwitches',
      (vpc, page, rt) =>
        vpc.describeVSwitchesWithOptions(
          new $VPC.DescribeVSwitchesRequest({ ...page, vpcId }),
          rt,
        ),
      body => body?.vSwitches?.vSwitch,
    );
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
  }

  async describePhysicalConnections(
    where: AckOneWhere,
  ): Promise<AckOnePhysicalConnection[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribePhysicalConnections',
      (vpc, page, rt) =>
        vpc.describePhysicalConnectionsWithOptions(
          new $VPC.DescribePhysicalConnectionsRequest(page),
          rt,
        ),
      body => body?.physicalConnectionSet?.physicalConnectionType,
    );
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
  }

  async describeRouteTables(
    where: AckOneWhere,
    filter: { vpcId?: string; routerId?: string; routerType?: string },
  ): Promise<AckOneRouteTable[]> {
    const rows = await vpcPages(
      this.ackOne,
      where,
      'DescribeRouteTableList',
      (vpc, page, rt) =>
        vpc.describeRouteTableListWithOptions(
          new $VPC.DescribeRouteTableListRequest({
            ...page,
            vpcId: filter.vpcId,
            routerId: filter.routerId,
            routerType: filter.routerType,
          }),
          rt,
        ),
      body => body?.routerTableList?.routerTableListType,
    );
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
  }
}
