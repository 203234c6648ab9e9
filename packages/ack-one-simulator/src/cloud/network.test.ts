import * as $Vpc from '@alicloud/vpc20160428';
import {
  BASIC_REGION,
  CBN_VERSION,
  Harness,
  LINE,
  REGION,
  startHarness,
  waitFor,
} from './__testUtils__/harness';

const VPC = 'vpc-bp1testvpc0000000001';
const ROUTE_TABLE = 'vtb-bp1testroute00000001';

describe('VPC Express Connect / BGP and CEN APIs', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  async function createVbr(
    vlanId: number,
    where = { regionId: REGION, physicalConnectionId: LINE },
  ) {
    const res = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        ...where,
        vlanId,
        name: `idc-vbr-${vlanId}`,
        localGatewayIp: '10.254.0.1',
        peerGatewayIp: '10.254.0.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    );
    return res.body!.vbrId!;
  }

  it('creates a VBR and a BGP session that becomes Established', async () => {
    const vbrId = await createVbr(100);
    expect(vbrId).toMatch(/^vbr-[a-z0-9]+$/);

    const vbrs = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: REGION,
        filter: [
          new $Vpc.DescribeVirtualBorderRoutersRequestFilter({
            key: 'VbrId',
            value: [vbrId],
          }),
        ],
      }),
    );
    expect(vbrs.body!.totalCount).toBe(1);
    const vbr = vbrs.body!.virtualBorderRouterSet!.virtualBorderRouterType![0];
    expect(vbr).toMatchObject({
      vbrId,
      vlanId: 100,
      status: 'active',
      localGatewayIp: '10.254.0.1',
      peerGatewayIp: '10.254.0.2',
    });

    const group = await h.vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({
        regionId: REGION,
        routerId: vbrId,
        peerAsn: 65010,
        name: 'idc',
      }),
    );
    const groupId = group.body!.bgpGroupId!;
    expect(groupId).toMatch(/^bgpg-/);
    const peer = await h.vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({
        regionId: REGION,
        bgpGroupId: groupId,
        peerIpAddress: '10.254.0.2',
      }),
    );
    const peerId = peer.body!.bgpPeerId!;
    expect(peerId).toMatch(/^bgpp-/);

    await h.vpc.addBgpNetwork(
      new $Vpc.AddBgpNetworkRequest({
        regionId: REGION,
        routerId: vbrId,
        dstCidrBlock: '192.168.0.0/16',
        vpcId: VPC,
      }),
    );

    const established = await waitFor(async () => {
      const res = await h.vpc.describeBgpPeers(
        new $Vpc.DescribeBgpPeersRequest({
          regionId: REGION,
          bgpGroupId: groupId,
        }),
      );
      const p = res.body!.bgpPeers!.bgpPeer![0];
      return p.bgpStatus === 'Established' ? p : undefined;
    });
    expect(established).toMatchObject({
      bgpPeerId: peerId,
      routerId: vbrId,
      peerIpAddress: '10.254.0.2',
      peerAsn: '65010',
      localAsn: '45104',
      advertisedRouteCount: 1,
    });

    // duplicate VLAN on the same physical connection
    await expect(createVbr(100)).rejects.toMatchObject({
      code: 'InvalidVlanId.Used',
      statusCode: 400,
    });
  });

  it('validates VPC requests', async () => {
    await expect(
      h.vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: REGION,
          vlanId: 1,
        }),
      ),
    ).rejects.toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    await expect(
      h.vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: REGION,
          physicalConnectionId: LINE,
          vlanId: 5000,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'InvalidVlanId.Malformed',
      statusCode: 400,
    });
    await expect(
      h.vpc.createBgpGroup(
        new $Vpc.CreateBgpGroupRequest({
          regionId: REGION,
          routerId: 'vbr-doesnotexist',
          peerAsn: 65010,
        }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidVbrId.NotFound', statusCode: 404 });
    await expect(
      h.vpc.createRouteEntry(
        new $Vpc.CreateRouteEntryRequest({
          regionId: REGION,
          routeTableId: 'vtb-missing',
          destinationCidrBlock: '10.0.0.0/8',
          nextHopId: 'ri-1',
          nextHopType: 'RouterInterface',
        }),
      ),
    ).rejects.toMatchObject({
      code: 'InvalidRouteTableId.NotFound',
      statusCode: 404,
    });
  });

  it('creates route entries in a VBR route table and lists them with NextToken paging', async () => {
    const vbrId = await createVbr(300);
    const table = `vtb-${vbrId.slice(4)}`;
    const hop = `ri-${vbrId.slice(4)}`;
    const add = (dst: string, name?: string) =>
      h.vpc.createRouteEntry(
        new $Vpc.CreateRouteEntryRequest({
          regionId: REGION,
          routeTableId: table,
          destinationCidrBlock: dst,
          nextHopType: 'RouterInterface',
          nextHopId: hop,
          routeEntryName: name,
        }),
      );
    const created = await add('10.10.0.0/16', 'to-idc');
    const routeEntryId = created.body!.routeEntryId!;
    expect(routeEntryId).toMatch(/^rte-/);
    await expect(add('10.10.0.0/16')).rejects.toMatchObject({
      code: 'InvalidCIDRBlock.Duplicate',
    });
    await add('10.11.0.0/16');
    await add('10.12.0.0/16');

    const entry = await waitFor(async () => {
      const res = await h.vpc.describeRouteEntryList(
        new $Vpc.DescribeRouteEntryListRequest({
          regionId: REGION,
          routeTableId: table,
          routeEntryId,
        }),
      );
      const e = res.body!.routeEntrys!.routeEntry![0];
      return e?.status === 'Available' ? e : undefined;
    });
    expect(entry).toMatchObject({
      routeEntryId,
      destinationCidrBlock: '10.10.0.0/16',
      routeEntryName: 'to-idc',
      type: 'Custom',
    });
    expect(entry.nextHops!.nextHop![0]).toMatchObject({
      nextHopType: 'RouterInterface',
      nextHopId: hop,
    });

    const first = await h.vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({
        regionId: REGION,
        routeTableId: table,
        maxResult: 2,
      }),
    );
    expect(first.body!.totalCount).toBe(3);
    expect(first.body!.routeEntrys!.routeEntry).toHaveLength(2);
    expect(first.body!.nextToken).toBeTruthy();
    const rest = await h.vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({
        regionId: REGION,
        routeTableId: table,
        maxResult: 2,
        nextToken: first.body!.nextToken,
      }),
    );
    expect(rest.body!.routeEntrys!.routeEntry).toHaveLength(1);
    expect(rest.body!.nextToken).toBe('');

    // the VPC table lists its vSwitch routes as System routes
    const system = await h.vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({
        regionId: REGION,
        routeTableId: ROUTE_TABLE,
        routeEntryType: 'System',
      }),
    );
    expect(system.body!.totalCount).toBe(2);
  });

  it('creates a CEN and attaches a VPC and a VBR of a Basic Edition region', async () => {
    const cbn = (action: string, query: Record<string, unknown>) =>
      h.rpc(action, CBN_VERSION, query);
    const vbrId = await createVbr(400, {
      regionId: BASIC_REGION,
      physicalConnectionId: 'pc-uf6idcline000000001',
    });
    const vpcId = 'vpc-uf6testvpc0000000001';
    const created = await cbn('CreateCen', {
      Name: 'dr-cen',
      ProtectionLevel: 'REDUCED',
    });
    const cenId = created.CenId as string;
    expect(cenId).toMatch(/^cen-/);
    await waitFor(async () => {
      const res = await cbn('DescribeCens', {
        'Filter.1.Key': 'CenId',
        'Filter.1.Value.1': cenId,
      });
      return res.Cens.Cen[0]?.Status === 'Active';
    });
    await cbn('AttachCenChildInstance', {
      CenId: cenId,
      ChildInstanceId: vpcId,
      ChildInstanceRegionId: BASIC_REGION,
      ChildInstanceType: 'VPC',
    });
    await cbn('AttachCenChildInstance', {
      CenId: cenId,
      ChildInstanceId: vbrId,
      ChildInstanceRegionId: BASIC_REGION,
      ChildInstanceType: 'VBR',
    });
    await expect(
      cbn('AttachCenChildInstance', {
        CenId: cenId,
        ChildInstanceId: 'vpc-unknown',
        ChildInstanceRegionId: BASIC_REGION,
        ChildInstanceType: 'VPC',
      }),
    ).rejects.toMatchObject({ statusCode: 404 });

    const children = await waitFor(async () => {
      const res = await cbn('DescribeCenAttachedChildInstances', {
        CenId: cenId,
      });
      const list = res.ChildInstances.ChildInstance as any[];
      return list.length === 2 && list.every(c => c.Status === 'Attached')
        ? list
        : undefined;
    });
    expect(children.map(c => c.ChildInstanceType).sort()).toEqual([
      'VBR',
      'VPC',
    ]);

    const vbrs = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: BASIC_REGION }),
    );
    const withCen =
      vbrs.body!.virtualBorderRouterSet!.virtualBorderRouterType!.find(
        v => v.vbrId === vbrId,
      )!;
    expect(withCen.associatedCens!.associatedCen![0].cenId).toBe(cenId);
  });
});
