import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import VpcClient, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { main } from '../cli';
import { startSimulator, Simulator } from '../world/simulator';

jest.setTimeout(60_000);

describe('the CLI against a running simulator', () => {
  let sim: Simulator;
  let dir: string;
  let out: string;
  const saved = process.env.ACK_ONE_SIMULATOR_TOKEN;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-cli-'));
    sim = await startSimulator({
      world: 'empty',
      stateDir: dir,
      timing: 'realistic',
      timeScale: 0.01,
    });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    delete process.env.ACK_ONE_SIMULATOR_TOKEN;
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation(s => {
      out += String(s);
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env.ACK_ONE_SIMULATOR_TOKEN;
    else process.env.ACK_ONE_SIMULATOR_TOKEN = saved;
  });

  it('reads the control URL and token from the state file', async () => {
    await expect(main(['state', '--state-dir', dir])).resolves.toBe(0);
    expect(JSON.parse(out).endpoints.control).toBe(sim.endpoints.control);
    await expect(main(['reset', '--state-dir', dir])).resolves.toBe(0);
  });

  it('saves into the state folder, and nowhere else', async () => {
    await expect(main(['save', 'cli.json', '--state-dir', dir])).resolves.toBe(
      0,
    );
    const file = path.join(dir, 'cli.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await expect(
      main(['save', '../cli-escape.json', '--state-dir', dir]),
    ).rejects.toThrow(/only writes inside the simulator's state folder/);
    expect(fs.existsSync(path.join(dir, '..', 'cli-escape.json'))).toBe(false);
  });

  it('takes the token from ACK_ONE_SIMULATOR_TOKEN or --token', async () => {
    const control = sim.endpoints.control;
    const elsewhere = path.join(dir, 'no-such-folder');
    process.env.ACK_ONE_SIMULATOR_TOKEN = 'wrong';
    await expect(
      main(['state', '--state-dir', dir, '--control', control]),
    ).rejects.toThrow(/missing or wrong control token/);
    process.env.ACK_ONE_SIMULATOR_TOKEN = sim.controlToken;
    await expect(
      main(['state', '--state-dir', elsewhere, '--control', control]),
    ).resolves.toBe(0);
    delete process.env.ACK_ONE_SIMULATOR_TOKEN;
    await expect(
      main(['state', '--state-dir', elsewhere, '--control', control]),
    ).rejects.toThrow(/no control token/);
    await expect(
      main([
        'state',
        '--state-dir',
        elsewhere,
        '--control',
        control,
        '--token',
        sim.controlToken,
      ]),
    ).resolves.toBe(0);
  });

  it('starts with the realistic timing profile scaled by the time scale', async () => {
    await expect(main(['state', '--state-dir', dir])).resolves.toBe(0);
    const timing = JSON.parse(out).faults.cloud.timing;
    expect(timing.clusterReadyMs).toBe(4800);
    expect(timing.bgpEstablishMs).toBe(300);
  });

  it('queues creation failures and provisioning times', async () => {
    await expect(
      main([
        'fault',
        'fail-creation',
        'bgp-peer',
        '--message',
        'peer refused',
        '--state-dir',
        dir,
      ]),
    ).resolves.toBe(0);
    expect(JSON.parse(out).faults.cloud.creationFailures).toEqual({
      'bgp-peer': 1,
    });
    out = '';
    await expect(
      main(['fault', 'provisioning', 'cluster', '30', '--state-dir', dir]),
    ).resolves.toBe(0);
    expect(JSON.parse(out).faults.cloud.provisioningMs).toEqual({
      cluster: 30000,
    });
    await expect(
      main(['fault', 'provisioning', 'cluster', 'default', '--state-dir', dir]),
    ).resolves.toBe(0);
    await expect(
      main(['fault', 'fail-creation', 'comet', '--state-dir', dir]),
    ).rejects.toThrow(/unknown kind "comet"/);
    await expect(main(['reset', '--state-dir', dir])).resolves.toBe(0);
  });

  it('flaps an Established BGP session of a VBR', async () => {
    const vpc = new VpcClient(
      new $OpenApiUtil.Config({
        ...sim.accessKey,
        regionId: 'cn-hangzhou',
        endpoint: new URL(sim.endpoints.openApi).host,
        protocol: 'http',
      }),
    );
    const line = sim.world.cloud.physicalConnections![0];
    const vbr = await vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: 'cn-hangzhou',
        physicalConnectionId: line.physicalConnectionId,
        vlanId: 10,
        localGatewayIp: '10.254.0.1',
        peerGatewayIp: '10.254.0.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    );
    const vbrId = vbr.body!.vbrId!;
    const group = await vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({
        regionId: 'cn-hangzhou',
        routerId: vbrId,
        peerAsn: 65010,
      }),
    );
    const peer = await vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({
        regionId: 'cn-hangzhou',
        bgpGroupId: group.body!.bgpGroupId,
        peerIpAddress: '10.254.0.2',
      }),
    );
    const status = async () =>
      (
        await vpc.describeBgpPeers(
          new $Vpc.DescribeBgpPeersRequest({
            regionId: 'cn-hangzhou',
            bgpPeerId: peer.body!.bgpPeerId,
          }),
        )
      ).body!.bgpPeers!.bgpPeer![0].bgpStatus;
    for (let i = 0; i < 200 && (await status()) !== 'Established'; i++)
      await new Promise(r => setTimeout(r, 25));
    expect(await status()).toBe('Established');
    await expect(
      main([
        'fault',
        'bgp-flap',
        vbrId,
        '--down-seconds',
        '60',
        '--state-dir',
        dir,
      ]),
    ).resolves.toBe(0);
    expect(JSON.parse(out).flapped).toEqual([peer.body!.bgpPeerId]);
    expect(await status()).toBe('Active');
  });
});
