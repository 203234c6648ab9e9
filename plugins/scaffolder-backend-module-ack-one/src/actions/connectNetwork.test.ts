import {
  cloudSnapshot,
  runAction,
  startTestEnv,
  TestEnv,
} from '../__testUtils__/harness';
import { createConnectNetworkAction } from './connectNetwork';

jest.setTimeout(120_000);

/** The line of the simulator's worlds: IDC router AS 65010 at 10.254.0.2, no MD5 key. */
function inputFor(env: TestEnv, extra: Record<string, any> = {}) {
  const cloud = env.sim.world.cloud;
  return {
    vpcId: cloud.vpcs[0].vpcId,
    physicalConnectionId: cloud.physicalConnections![0].physicalConnectionId,
    vlanId: 100,
    localGatewayIp: '10.254.0.1',
    peerGatewayIp: '10.254.0.2',
    peeringSubnetMask: '255.255.255.252',
    peerAsn: 65010,
    idcCidrs: ['10.0.0.0/8'],
    podCidrs: ['172.20.0.0/16'],
    serviceCidrs: ['172.21.0.0/20'],
    cenName: 'hybrid-dr',
    ...extra,
  };
}

/** How many of each network resource the simulated account holds. */
function counts(env: TestEnv) {
  const c = env.sim.world.cloud;
  return {
    vbrs: c.vbrs.length,
    bgpGroups: c.bgpGroups.length,
    bgpPeers: c.bgpPeers.length,
    cens: c.cens.length,
    transitRouters: c.transitRouters!.length,
    attachments: c.trAttachments!.length,
    associations: c.trAssociations!.length,
    propagations: c.trPropagations!.length,
    routes: c.routeEntries.length,
  };
}

describe('ack-one:network:connect (empty world)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('empty');
  });
  afterAll(() => env?.stop());
  beforeEach(() => {
    env.sim.cloud.faults.reset();
    env.ackOne.resetCallCounts();
  });

  const action = () => createConnectNetworkAction(env.deps);

  it('refuses overlapping CIDRs, naming the pair, before any cloud call', async () => {
    await expect(
      runAction(action(), {
        input: inputFor(env, { podCidrs: ['10.20.0.0/16'] }),
      }),
    ).rejects.toThrow('IDC network 10.0.0.0/8 overlaps pod CIDR 10.20.0.0/16');
    expect(env.ackOne.getCallCounts()).toEqual({});
  });

  it('refuses an IDC network inside the VPC before creating anything', async () => {
    await expect(
      runAction(action(), {
        input: inputFor(env, { idcCidrs: ['192.168.0.0/24'] }),
      }),
    ).rejects.toThrow(
      /VPC vpc-\w+ 192.168.0.0\/16 overlaps IDC network 192.168.0.0\/24/,
    );
    expect(
      Object.keys(env.ackOne.getCallCounts()).filter(
        k => !k.startsWith('Describe'),
      ),
    ).toEqual([]);
  });

  it('refuses interconnect addresses outside one subnet before any call', async () => {
    await expect(
      runAction(action(), {
        input: inputFor(env, { peerGatewayIp: '10.254.0.9' }),
      }),
    ).rejects.toThrow(/must be two addresses of one 255.255.255.252 subnet/);
    expect(env.ackOne.getCallCounts()).toEqual({});
  });

  it('names the circuits of the account when the circuit is unknown', async () => {
    await expect(
      runAction(action(), {
        input: inputFor(env, { physicalConnectionId: 'pc-nope' }),
      }),
    ).rejects.toThrow(
      /pc-nope is not an Express Connect circuit of account sim in cn-hangzhou; its circuits: pc-\w+ \(idc-leased-line Enabled\)/,
    );
  });

  it('in a dry run prints the plan and changes nothing', async () => {
    const before = cloudSnapshot(env.sim);
    const { logs, output } = await runAction(action(), {
      input: inputFor(env),
      isDryRun: true,
      secrets: { bgpAuthKey: 'dry-run-secret' },
    });
    expect(cloudSnapshot(env.sim)).toBe(before);
    const text = logs.join('\n');
    expect(text).toContain('would call VPC CreateVirtualBorderRouter');
    expect(text).toContain('"AuthKey":"<task secret>"');
    expect(text).not.toContain('dry-run-secret');
    expect(output.vbrId).toMatch(/^dry-run-/);
  });

  it('connects the IDC, waits for BGP, and a re-run creates nothing new', async () => {
    const checkpoints = new Map<string, any>();
    const { output } = await runAction(action(), {
      input: inputFor(env),
      taskId: 'net-1',
      checkpoints,
    });
    expect(output).toMatchObject({
      bgpStatus: 'Established',
      cenEdition: 'Enterprise',
      vbrId: expect.stringMatching(/^vbr-/),
      transitRouterId: expect.any(String),
      vpcAttachmentId: expect.any(String),
      vbrAttachmentId: expect.any(String),
    });
    expect(output.routeEntryIds).toHaveLength(1);
    const after = counts(env);
    expect(after).toEqual({
      vbrs: 1,
      bgpGroups: 1,
      bgpPeers: 1,
      cens: 1,
      transitRouters: 1,
      attachments: 2,
      associations: 2,
      propagations: 2,
      routes: 1,
    });
    const route = env.sim.world.cloud.routeEntries[0];
    expect(route).toMatchObject({
      destinationCidrBlock: '10.0.0.0/8',
      nextHopType: 'Attachment',
      nextHopId: output.vpcAttachmentId,
    });

    for (const again of [checkpoints, new Map<string, any>()]) {
      const rerun = await runAction(action(), {
        input: inputFor(env),
        taskId: 'net-1',
        checkpoints: again,
      });
      expect(rerun.output).toEqual(output);
    }
    expect(counts(env)).toEqual(after);
  });

  it('refuses a VLAN another VBR of the circuit uses, before creating anything', async () => {
    const before = counts(env);
    await expect(
      runAction(action(), {
        input: inputFor(env, {
          localGatewayIp: '10.254.1.1',
          peerGatewayIp: '10.254.1.2',
          peerIpAddress: '10.254.1.2',
        }),
        isDryRun: true,
      }),
    ).rejects.toThrow(
      /VLAN 100 on pc-\w+ is already used by vbr-\w+ \(10.254.0.1 \/ 10.254.0.2\); choose another VLAN/,
    );
    expect(counts(env)).toEqual(before);
  });
});

describe('ack-one:network:connect after a failure mid-way (empty world)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('empty');
  });
  afterAll(() => env?.stop());

  it('names the failed step and what exists, and a retry completes without duplicates', async () => {
    const action = createConnectNetworkAction(env.deps);
    env.sim.cloud.faults.failNextCreation('tr-attachment', {
      message: 'attachment failed (injected)',
    });
    env.sim.cloud.faults.throttleNext(2);
    const checkpoints = new Map<string, any>();
    const err = await runAction(action, {
      input: inputFor(env),
      taskId: 'net-2',
      checkpoints,
    }).catch(e => e);
    expect(String(err)).toMatch(
      /failed at step "attach the VPC and the VBR to the CEN": VPC attachment tr-attach-\w+ is gone: its creation failed.*Already in place: VBR vbr-\w+, BGP group bgpg-\w+, BGP peer bgpp-\w+, CEN cen-\w+, transit router tr-\w+\. Retry/,
    );
    const { output } = await runAction(action, {
      input: inputFor(env),
      taskId: 'net-2',
      checkpoints,
    });
    expect(output.bgpStatus).toBe('Established');
    expect(counts(env)).toEqual({
      vbrs: 1,
      bgpGroups: 1,
      bgpPeers: 1,
      cens: 1,
      transitRouters: 1,
      attachments: 2,
      associations: 2,
      propagations: 2,
      routes: 1,
    });
  });
});

describe('ack-one:network:connect when BGP never comes up (empty world)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('empty');
  });
  afterAll(() => env?.stop());

  it('times out naming the peer and its last BgpStatus', async () => {
    const action = createConnectNetworkAction(env.deps);
    // the IDC router expects no MD5 key
    const err = await runAction(action, {
      input: inputFor(env, { bgpTimeoutSeconds: 1 }),
      secrets: { bgpAuthKey: 'not-the-routers-key' },
    }).catch(e => e);
    expect(String(err)).toMatch(
      /failed at step "wait for the BGP session": the BGP session of peer bgpp-\w+ \(10.254.0.2, peer AS 65010\) did not become ready within 1 s; last state: BgpStatus Connect\. Check/,
    );
    expect(String(err)).not.toContain('not-the-routers-key');
  });
});

describe('ack-one:network:connect where the region has Basic Edition CEN', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('empty');
    env.sim.world.cloud.cenEditions = { 'cn-hangzhou': 'Basic' };
  });
  afterAll(() => env?.stop());

  it('attaches the VPC and the VBR to the CEN and routes the IDC through the VBR', async () => {
    const action = createConnectNetworkAction(env.deps);
    const { output } = await runAction(action, { input: inputFor(env) });
    expect(output).toMatchObject({
      cenEdition: 'Basic',
      bgpStatus: 'Established',
    });
    expect(output.transitRouterId).toBeUndefined();
    const cen = env.sim.world.cloud.cens[0];
    expect(
      cen.children.map(c => [c.childInstanceType, c.status]).sort(),
    ).toEqual([
      ['VBR', 'Attached'],
      ['VPC', 'Attached'],
    ]);
    expect(env.sim.world.cloud.routeEntries[0]).toMatchObject({
      destinationCidrBlock: '10.0.0.0/8',
      nextHopType: 'RouterInterface',
    });
  });
});
