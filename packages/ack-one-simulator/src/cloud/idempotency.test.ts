import * as $Vpc from '@alicloud/vpc20160428';
import {
  CBN_VERSION,
  Harness,
  LINE,
  REGION,
  startHarness,
} from './__testUtils__/harness';

describe('ClientToken idempotency', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  const createVbr = (vlanId: number, clientToken?: string) =>
    h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId: LINE,
        vlanId,
        localGatewayIp: '10.254.0.1',
        peerGatewayIp: '10.254.0.2',
        peeringSubnetMask: '255.255.255.252',
        clientToken,
      }),
    );

  it('the same ClientToken with the same parameters answers the first result (same VbrId)', async () => {
    const first = await createVbr(100, 'retry-0001');
    const again = await createVbr(100, 'retry-0001');
    expect(again.body!.vbrId).toBe(first.body!.vbrId);
    expect(again.body!.requestId).not.toBe(first.body!.requestId);
    expect(h.state.vbrs).toHaveLength(1);
    // without a token a retry is a new request (here: the VLAN is taken)
    await expect(createVbr(100)).rejects.toMatchObject({
      code: 'InvalidVlanId.Used',
    });
  });

  it('the same ClientToken with other parameters fails with IdempotentParameterMismatch (HTTP 400 not confirmed in the documentation)', async () => {
    await createVbr(100, 'retry-0002');
    await expect(createVbr(101, 'retry-0002')).rejects.toMatchObject({
      code: 'IdempotentParameterMismatch',
      statusCode: 400,
    });
    expect(h.state.vbrs).toHaveLength(1);
  });

  it('a ClientToken is scoped per action, and a refused call does not use it up', async () => {
    await expect(
      h.vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: REGION,
          physicalConnectionId: 'pc-nope',
          vlanId: 100,
          clientToken: 'shared-token',
        }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidPhysicalConnectionId.NotFound' });
    const vbrId = (await createVbr(100, 'shared-token')).body!.vbrId!;
    const group = await h.vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({
        regionId: REGION,
        routerId: vbrId,
        peerAsn: 65010,
        clientToken: 'shared-token',
      }),
    );
    expect(group.body!.bgpGroupId).toMatch(/^bgpg-/);
  });

  it('CEN creates honour ClientToken too', async () => {
    const a = await h.rpc('CreateCen', CBN_VERSION, {
      Name: 'dr',
      ClientToken: 'cen-1',
    });
    const b = await h.rpc('CreateCen', CBN_VERSION, {
      Name: 'dr',
      ClientToken: 'cen-1',
    });
    expect(b.CenId).toBe(a.CenId);
    await expect(
      h.rpc('CreateCen', CBN_VERSION, { Name: 'other', ClientToken: 'cen-1' }),
    ).rejects.toMatchObject({ code: 'IdempotentParameterMismatch' });
    expect(h.state.cens).toHaveLength(1);
  });

  it('refuses a ClientToken longer than 64 characters', async () => {
    await expect(createVbr(100, 'x'.repeat(65))).rejects.toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });
});
