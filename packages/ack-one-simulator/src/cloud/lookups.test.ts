import * as $Vpc from '@alicloud/vpc20160428';
import {
  BASIC_REGION,
  Harness,
  LINE,
  newState,
  PENDING_LINE,
  REGION,
  startHarness,
} from './__testUtils__/harness';

/** A world with 12 VPCs in REGION (one vSwitch each, plus the harness VPC's two). */
function manyVpcs() {
  const state = newState();
  for (let i = 1; i <= 12; i++) {
    const n = String(i).padStart(2, '0');
    state.vpcs.push({
      vpcId: `vpc-bp1many${n}000000000000`,
      regionId: REGION,
      name: `vpc-${n}`,
      cidrBlock: `10.${i}.0.0/16`,
      routeTableId: `vtb-bp1many${n}000000000000`,
      vSwitches: [
        {
          vSwitchId: `vsw-bp1many${n}000000000000`,
          zoneId: 'cn-hangzhou-h',
          cidrBlock: `10.${i}.1.0/24`,
        },
      ],
    });
  }
  return state;
}

describe('VPC lookups', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ state: manyVpcs() });
  });

  afterEach(async () => {
    await h.close();
  });

  it('DescribeVpcs pages with PageNumber/PageSize (10 by default, at most 50)', async () => {
    const first = await h.vpc.describeVpcs(
      new $Vpc.DescribeVpcsRequest({ regionId: REGION }),
    );
    expect(first.body).toMatchObject({
      totalCount: 13,
      pageNumber: 1,
      pageSize: 10,
    });
    expect(first.body!.vpcs!.vpc).toHaveLength(10);
    const second = await h.vpc.describeVpcs(
      new $Vpc.DescribeVpcsRequest({ regionId: REGION, pageNumber: 2 }),
    );
    expect(second.body!.vpcs!.vpc).toHaveLength(3);
    const all = [...first.body!.vpcs!.vpc!, ...second.body!.vpcs!.vpc!];
    expect(new Set(all.map(v => v.vpcId)).size).toBe(13);

    const one = await h.vpc.describeVpcs(
      new $Vpc.DescribeVpcsRequest({
        regionId: REGION,
        vpcId: 'vpc-bp1testvpc0000000001',
      }),
    );
    expect(one.body!.vpcs!.vpc![0]).toMatchObject({
      vpcId: 'vpc-bp1testvpc0000000001',
      regionId: REGION,
      status: 'Available',
      cidrBlock: '192.168.0.0/16',
      VRouterId: expect.stringMatching(/^vrt-/),
    });
    expect(one.body!.vpcs!.vpc![0].vSwitchIds!.vSwitchId).toEqual([
      'vsw-bp1testvswa000000001',
      'vsw-bp1testvswb000000001',
    ]);
    expect(one.body!.vpcs!.vpc![0].routerTableIds!.routerTableIds).toEqual([
      'vtb-bp1testroute00000001',
    ]);

    await expect(
      h.vpc.describeVpcs(
        new $Vpc.DescribeVpcsRequest({ regionId: REGION, pageSize: 51 }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    await expect(
      h.vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: 'eu-x' })),
    ).rejects.toMatchObject({
      code: 'InvalidRegionId.NotFound',
      statusCode: 404,
    });
  });

  it('DescribeVSwitches takes RegionId or VpcId and pages', async () => {
    const page = await h.vpc.describeVSwitches(
      new $Vpc.DescribeVSwitchesRequest({ regionId: REGION, pageSize: 5 }),
    );
    expect(page.body!.totalCount).toBe(14);
    expect(page.body!.vSwitches!.vSwitch).toHaveLength(5);
    const last = await h.vpc.describeVSwitches(
      new $Vpc.DescribeVSwitchesRequest({
        regionId: REGION,
        pageSize: 5,
        pageNumber: 3,
      }),
    );
    expect(last.body!.vSwitches!.vSwitch).toHaveLength(4);

    const byVpc = await h.vpc.describeVSwitches(
      new $Vpc.DescribeVSwitchesRequest({ vpcId: 'vpc-bp1testvpc0000000001' }),
    );
    expect(byVpc.body!.vSwitches!.vSwitch!.map(v => v.zoneId)).toEqual([
      'cn-hangzhou-h',
      'cn-hangzhou-i',
    ]);
    expect(byVpc.body!.vSwitches!.vSwitch![0]).toMatchObject({
      vSwitchId: 'vsw-bp1testvswa000000001',
      cidrBlock: '192.168.1.0/24',
      status: 'Available',
      availableIpAddressCount: 252,
      routeTable: {
        routeTableId: 'vtb-bp1testroute00000001',
        routeTableType: 'System',
      },
    });
    const byZone = await h.vpc.describeVSwitches(
      new $Vpc.DescribeVSwitchesRequest({
        regionId: REGION,
        zoneId: 'cn-hangzhou-i',
      }),
    );
    expect(byZone.body!.totalCount).toBe(1);
    await expect(
      h.vpc.describeVSwitches(new $Vpc.DescribeVSwitchesRequest({})),
    ).rejects.toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });

  it('DescribePhysicalConnections lists the circuits of a region with their status', async () => {
    const res = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: REGION,
        pageSize: 1,
      }),
    );
    expect(res.body!.totalCount).toBe(2);
    expect(
      res.body!.physicalConnectionSet!.physicalConnectionType,
    ).toHaveLength(1);
    const enabled = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: REGION,
        filter: [
          new $Vpc.DescribePhysicalConnectionsRequestFilter({
            key: 'Status',
            value: ['Enabled'],
          }),
        ],
      }),
    );
    const pcs = enabled.body!.physicalConnectionSet!.physicalConnectionType!;
    expect(pcs.map(p => p.physicalConnectionId)).toEqual([LINE]);
    expect(pcs[0]).toMatchObject({
      type: 'VPC',
      status: 'Enabled',
      businessStatus: 'Normal',
      bandwidth: 1000,
      accessPointId: 'ap-cn-hangzhou-test-A',
    });
    const pending = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: REGION,
        filter: [
          new $Vpc.DescribePhysicalConnectionsRequestFilter({
            key: 'PhysicalConnectionId',
            value: [PENDING_LINE],
          }),
        ],
      }),
    );
    expect(
      pending.body!.physicalConnectionSet!.physicalConnectionType![0].status,
    ).toBe('Confirmed');
    const other = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({ regionId: BASIC_REGION }),
    );
    expect(other.body!.totalCount).toBe(1);
  });

  it('DescribeRouteTableList lists VPC (VRouter) and VBR route tables and pages', async () => {
    const vbr = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId: LINE,
        vlanId: 10,
        localGatewayIp: '10.254.0.1',
        peerGatewayIp: '10.254.0.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    );
    const vbrId = vbr.body!.vbrId!;
    const page = await h.vpc.describeRouteTableList(
      new $Vpc.DescribeRouteTableListRequest({ regionId: REGION }),
    );
    expect(page.body).toMatchObject({
      totalCount: 14,
      pageNumber: 1,
      pageSize: 10,
    });
    expect(page.body!.routerTableList!.routerTableListType).toHaveLength(10);

    const vpcTable = await h.vpc.describeRouteTableList(
      new $Vpc.DescribeRouteTableListRequest({
        regionId: REGION,
        vpcId: 'vpc-bp1testvpc0000000001',
      }),
    );
    expect(
      vpcTable.body!.routerTableList!.routerTableListType![0],
    ).toMatchObject({
      routeTableId: 'vtb-bp1testroute00000001',
      routeTableType: 'System',
      routerType: 'VRouter',
      vpcId: 'vpc-bp1testvpc0000000001',
      status: 'Available',
    });
    const vbrTables = await h.vpc.describeRouteTableList(
      new $Vpc.DescribeRouteTableListRequest({
        regionId: REGION,
        routerType: 'VBR',
      }),
    );
    expect(vbrTables.body!.routerTableList!.routerTableListType).toEqual([
      expect.objectContaining({ routerType: 'VBR', routerId: vbrId }),
    ]);
  });
});
