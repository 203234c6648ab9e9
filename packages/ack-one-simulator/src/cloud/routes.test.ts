import * as $Vpc from '@alicloud/vpc20160428';
import {
  Harness,
  LINE,
  REGION,
  startHarness,
  TINY_TIMING,
} from './__testUtils__/harness';
import { ManualClock } from './__testUtils__/manualClock';

const VPC_TABLE = 'vtb-bp1testroute00000001';

describe('CreateRouteEntry and DeleteRouteEntry', () => {
  let h: Harness;
  let clock: ManualClock;
  let vbrId: string;
  let vbrTable: string;
  let vbrInterface: string;

  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ clock });
    const res = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId: LINE,
        vlanId: 100,
        localGatewayIp: '10.254.0.1',
        peerGatewayIp: '10.254.0.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    );
    vbrId = res.body!.vbrId!;
    vbrTable = `vtb-${vbrId.slice(4)}`;
    vbrInterface = `ri-${vbrId.slice(4)}`;
  });

  afterEach(async () => {
    await h.close();
  });

  const add = (req: Partial<$Vpc.CreateRouteEntryRequest>) =>
    h.vpc.createRouteEntry(
      new $Vpc.CreateRouteEntryRequest({
        regionId: REGION,
        routeTableId: vbrTable,
        destinationCidrBlock: '10.20.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: vbrInterface,
        ...req,
      }),
    );

  const list = (routeTableId: string) =>
    h.vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({
        regionId: REGION,
        routeTableId,
        routeEntryType: 'Custom',
      }),
    );

  it('CreateRouteEntry refuses a next hop that does not exist with InvalidNextHopId.NotFound', async () => {
    await expect(add({ nextHopId: 'ri-doesnotexist' })).rejects.toMatchObject({
      code: 'InvalidNextHopId.NotFound',
      statusCode: 404,
    });
    // the VBR's interface is not a next hop of the VPC's table
    await expect(add({ routeTableId: VPC_TABLE })).rejects.toMatchObject({
      code: 'InvalidNextHopId.NotFound',
    });
    await expect(add({ nextHopId: undefined })).rejects.toMatchObject({
      code: 'MissingParameter',
    });
  });

  it('CreateRouteEntry refuses a next hop whose type does not match (code not confirmed in the documentation)', async () => {
    await expect(add({ nextHopType: 'Instance' })).rejects.toMatchObject({
      code: 'InvalidNextHopType.NotMatch',
      statusCode: 400,
    });
    await expect(
      add({ nextHopType: 'RouterInterface', nextHopId: vbrId }),
    ).rejects.toMatchObject({ code: 'InvalidNextHopType.NotMatch' });
  });

  it('CreateRouteEntry refuses 100.64.0.0/10 and destinations inside a vSwitch', async () => {
    await expect(
      add({ destinationCidrBlock: '100.64.1.0/24' }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      add({
        routeTableId: VPC_TABLE,
        destinationCidrBlock: '192.168.1.128/25',
      }),
    ).rejects.toMatchObject({ code: 'InvalidCIDRBlock.Duplicate' });
  });

  it('CreateRouteEntry with DryRun checks the request and creates nothing', async () => {
    await expect(add({ dryRun: true })).rejects.toMatchObject({
      code: 'DryRunOperation',
    });
    expect((await list(vbrTable)).body!.totalCount).toBe(0);
  });

  it('a route is Pending, then Available; DeleteRouteEntry shows Deleting, then it is gone', async () => {
    const id = (await add({})).body!.routeEntryId!;
    expect(
      (await list(vbrTable)).body!.routeEntrys!.routeEntry![0].status,
    ).toBe('Pending');
    // only Available routes can be deleted
    await expect(
      h.vpc.deleteRouteEntry(
        new $Vpc.DeleteRouteEntryRequest({
          regionId: REGION,
          routeEntryId: id,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'IncorrectRouteEntryStatus',
      statusCode: 400,
    });
    clock.advance(TINY_TIMING.routeReadyMs);
    expect(
      (await list(vbrTable)).body!.routeEntrys!.routeEntry![0].status,
    ).toBe('Available');
    await h.vpc.deleteRouteEntry(
      new $Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeEntryId: id }),
    );
    expect(
      (await list(vbrTable)).body!.routeEntrys!.routeEntry![0].status,
    ).toBe('Deleting');
    clock.advance(TINY_TIMING.routeReadyMs);
    expect((await list(vbrTable)).body!.totalCount).toBe(0);

    // by route table and destination
    await add({ destinationCidrBlock: '10.30.0.0/16' });
    clock.advance(TINY_TIMING.routeReadyMs);
    await h.vpc.deleteRouteEntry(
      new $Vpc.DeleteRouteEntryRequest({
        regionId: REGION,
        routeTableId: vbrTable,
        destinationCidrBlock: '10.30.0.0/16',
      }),
    );
    clock.advance(TINY_TIMING.routeReadyMs);
    expect((await list(vbrTable)).body!.totalCount).toBe(0);
    await expect(
      h.vpc.deleteRouteEntry(
        new $Vpc.DeleteRouteEntryRequest({
          regionId: REGION,
          routeEntryId: id,
        }),
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
