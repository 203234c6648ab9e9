import * as $Vpc from '@alicloud/vpc20160428';
import {
  CBN_VERSION,
  Harness,
  LINE,
  PENDING_LINE,
  REGION,
  startHarness,
  TINY_TIMING,
} from './__testUtils__/harness';
import { ManualClock } from './__testUtils__/manualClock';

const OWNER_IPS = {
  localGatewayIp: '10.254.0.1',
  peerGatewayIp: '10.254.0.2',
  peeringSubnetMask: '255.255.255.252',
};

describe('CreateVirtualBorderRouter and DeleteVirtualBorderRouter', () => {
  let h: Harness;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ clock });
  });

  afterEach(async () => {
    await h.close();
  });

  const create = (req: Partial<$Vpc.CreateVirtualBorderRouterRequest>) =>
    h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId: LINE,
        vlanId: 100,
        ...OWNER_IPS,
        ...req,
      }),
    );

  it('CreateVirtualBorderRouter refuses an unknown physical connection with 400 InvalidPhysicalConnectionId.NotFound', async () => {
    const err = await create({ physicalConnectionId: 'pc-nope' }).catch(e => e);
    expect(err).toMatchObject({
      code: 'InvalidPhysicalConnectionId.NotFound',
      statusCode: 400,
    });
    // errors carry RequestId, HostId and a Recommend link, as real ones do
    expect(err.data).toMatchObject({
      Code: 'InvalidPhysicalConnectionId.NotFound',
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      HostId: expect.any(String),
      Recommend: expect.stringContaining(
        'q=InvalidPhysicalConnectionId.NotFound&product=Vpc',
      ),
    });
  });

  it('CreateVirtualBorderRouter refuses a physical connection that is not Enabled with 400 InvalidPhysicalConnectionId.NotEnabled', async () => {
    await expect(
      create({ physicalConnectionId: PENDING_LINE }),
    ).rejects.toMatchObject({
      code: 'InvalidPhysicalConnectionId.NotEnabled',
      statusCode: 400,
    });
  });

  it('CreateVirtualBorderRouter needs the gateway IPs for the circuit owner (400 MissingParameter)', async () => {
    for (const missing of [
      'localGatewayIp',
      'peerGatewayIp',
      'peeringSubnetMask',
    ]) {
      const err = await create({ [missing]: undefined }).catch(e => e);
      expect(err).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    }
    // for another account they may be left out: the VBR waits for it
    const other = await create({
      vbrOwnerId: 9999888877776666,
      localGatewayIp: undefined,
      peerGatewayIp: undefined,
      peeringSubnetMask: undefined,
    });
    const list = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }),
    );
    expect(
      list.body!.virtualBorderRouterSet!.virtualBorderRouterType!.find(
        v => v.vbrId === other.body!.vbrId,
      )!.status,
    ).toBe('unconfirmed');
  });

  it('CreateVirtualBorderRouter refuses gateway IPs outside one subnet of PeeringSubnetMask with 400 InvalidIp.NotSameSubnet', async () => {
    await expect(create({ peerGatewayIp: '10.254.0.6' })).rejects.toMatchObject(
      { code: 'InvalidIp.NotSameSubnet', statusCode: 400 },
    );
    await expect(create({ peerGatewayIp: '10.254.0.1' })).rejects.toMatchObject(
      { code: 'InvalidIp.NotSameSubnet' },
    );
    // a wider mask takes both
    await expect(
      create({
        peerGatewayIp: '10.254.0.6',
        peeringSubnetMask: '255.255.255.248',
      }),
    ).resolves.toBeDefined();
  });

  it('CreateVirtualBorderRouter refuses a used VLAN (InvalidVlanId.Used) and a malformed one (InvalidVlanId.Malformed)', async () => {
    await create({ vlanId: 200 });
    await expect(create({ vlanId: 200 })).rejects.toMatchObject({
      code: 'InvalidVlanId.Used',
      statusCode: 400,
    });
    await expect(create({ vlanId: 3000 })).rejects.toMatchObject({
      code: 'InvalidVlanId.Malformed',
      statusCode: 400,
    });
    await expect(create({ vlanId: 0 })).resolves.toBeDefined();
  });

  it('CreateVirtualBorderRouter refuses an unknown region with 404 InvalidRegionId.NotFound', async () => {
    await expect(create({ regionId: 'us-nowhere-1' })).rejects.toMatchObject({
      code: 'InvalidRegionId.NotFound',
      statusCode: 404,
    });
  });

  it('DeleteVirtualBorderRouter moves the VBR to deleting, then it is gone', async () => {
    const vbrId = (await create({})).body!.vbrId!;
    await h.vpc.deleteVirtualBorderRouter(
      new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId }),
    );
    const describe = () =>
      h.vpc.describeVirtualBorderRouters(
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
    const during = await describe();
    expect(
      during.body!.virtualBorderRouterSet!.virtualBorderRouterType![0].status,
    ).toBe('deleting');
    await expect(
      h.vpc.deleteVirtualBorderRouter(
        new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId }),
      ),
    ).rejects.toMatchObject({ code: 'IncorrectStatus.Vbr', statusCode: 400 });
    clock.advance(TINY_TIMING.vbrDeleteMs);
    expect((await describe()).body!.totalCount).toBe(0);
    await expect(
      h.vpc.deleteVirtualBorderRouter(
        new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidVbrId.NotFound', statusCode: 404 });
  });

  it('DeleteVirtualBorderRouter refuses a VBR that BGP groups or a transit router still use', async () => {
    const vbrId = (await create({})).body!.vbrId!;
    const group = await h.vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({
        regionId: REGION,
        routerId: vbrId,
        peerAsn: 65010,
      }),
    );
    await expect(
      h.vpc.deleteVirtualBorderRouter(
        new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId }),
      ),
    ).rejects.toMatchObject({
      code: 'DependencyViolation.Vbr',
      statusCode: 400,
    });
    clock.advance(TINY_TIMING.bgpReadyMs);
    await h.vpc.deleteBgpGroup(
      new $Vpc.DeleteBgpGroupRequest({
        regionId: REGION,
        bgpGroupId: group.body!.bgpGroupId,
      }),
    );
    const cen = await h.rpc('CreateCen', CBN_VERSION, {});
    clock.advance(TINY_TIMING.cenReadyMs);
    await h.rpc('CreateTransitRouterVbrAttachment', CBN_VERSION, {
      CenId: cen.CenId,
      RegionId: REGION,
      VbrId: vbrId,
    });
    await expect(
      h.vpc.deleteVirtualBorderRouter(
        new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId }),
      ),
    ).rejects.toMatchObject({ code: 'DependencyViolation.Vbr' });
  });
});
