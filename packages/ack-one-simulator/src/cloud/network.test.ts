import * as $Vpc from '@alicloud/vpc20160428';
import {
  CBN_VERSION,
  Harness,
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

  async function createVbr(vlanId: number, withIps = true) {
    const res = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId: 'pc-bp1idcline000000001',
        vlanId,
        name: `idc-vbr-${vlanId}`,
        ...(withIps
          ? {
              localGatewayIp: '10.254.0.1',
              peerGatewayIp: '10.254.0.2',
              peeringSubnetMask: '255.255.255.252',
            }
          : {}),
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

  it('keeps a BGP peer Idle while one end is not configured', async () => {
    const vbrId = await createVbr(200, false);
    const group = await h.vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({
        regionId: REGION,
        routerId: vbrId,
        peerAsn: 65010,
      }),
    );
    await h.vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({
        regionId: REGION,
        bgpGroupId: group.body!.bgpGroupId,
        peerIpAddress: '10.0.0.2',
      }),
    );
    await new Promise(r => setTimeout(r, 100));
    const res = await h.vpc.describeBgpPeers(
      new $Vpc.DescribeBgpPeersRequest({ regionId: REGION }),
    );
    expect(res.body!.bgpPeers!.bgpPeer![0].bgpStatus).toBe('Idle');
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
          physicalConnectionId: 'pc-x',
          vlanId: 5000,
        }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
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

  it('creates route entries and lists them', async () => {
    const vbrId = await createVbr(300);
    const created = await h.vpc.createRouteEntry(
      new $Vpc.CreateRouteEntryRequest({
        regionId: REGION,
        routeTableId: ROUTE_TABLE,
        destinationCidrBlock: '10.10.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: 'ri-bp1idc00000000000001',
        routeEntryName: 'to-idc',
      }),
    );
    const routeEntryId = created.body!.routeEntryId!;
    expect(routeEntryId).toMatch(/^rte-/);
    await expect(
      h.vpc.createRouteEntry(
        new $Vpc.CreateRouteEntryRequest({
          regionId: REGION,
          routeTableId: ROUTE_TABLE,
          destinationCidrBlock: '10.10.0.0/16',
          nextHopType: 'RouterInterface',
          nextHopId: 'ri-bp1idc00000000000001',
        }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidCIDRBlock.Duplicate' });

    const entry = await waitFor(async () => {
      const res = await h.vpc.describeRouteEntryList(
        new $Vpc.DescribeRouteEntryListRequest({
          regionId: REGION,
          routeTableId: ROUTE_TABLE,
          routeEntryType: 'Custom',
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
      nextHopId: 'ri-bp1idc00000000000001',
    });

    const all = await h.vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({
        regionId: REGION,
        routeTableId: ROUTE_TABLE,
        maxResult: 2,
      }),
    );
    expect(all.body!.totalCount).toBe(3); // two vSwitch system routes + one custom
    expect(all.body!.routeEntrys!.routeEntry).toHaveLength(2);
    expect(all.body!.nextToken).toBeTruthy();
    const rest = await h.vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({
        regionId: REGION,
        routeTableId: ROUTE_TABLE,
        maxResult: 2,
        nextToken: all.body!.nextToken,
      }),
    );
    expect(rest.body!.routeEntrys!.routeEntry).toHaveLength(1);
    expect(vbrId).toBeDefined();
  });

  it('creates a CEN and attaches the VPC and the VBR', async () => {
    const cbn = (action: string, query: Record<string, unknown>) =>
      h.rpc(action, CBN_VERSION, query);
    const vbrId = await createVbr(400);
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
      ChildInstanceId: VPC,
      ChildInstanceRegionId: REGION,
      ChildInstanceType: 'VPC',
    });
    await cbn('AttachCenChildInstance', {
      CenId: cenId,
      ChildInstanceId: vbrId,
      ChildInstanceRegionId: REGION,
      ChildInstanceType: 'VBR',
    });
    await expect(
      cbn('AttachCenChildInstance', {
        CenId: cenId,
        ChildInstanceId: 'vpc-unknown',
        ChildInstanceRegionId: REGION,
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
      new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }),
    );
    const withCen =
      vbrs.body!.virtualBorderRouterSet!.virtualBorderRouterType!.find(
        v => v.vbrId === vbrId,
      )!;
    expect(withCen.associatedCens!.associatedCen![0].cenId).toBe(cenId);
  });
});
