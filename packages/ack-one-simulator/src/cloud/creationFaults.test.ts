import * as $CS from '@alicloud/cs20151215';
import * as $Vpc from '@alicloud/vpc20160428';
import {
  ADCP_VERSION,
  CBN_VERSION,
  Harness,
  IDC_ASN,
  IDC_IP,
  LINE,
  REGION,
  startHarness,
  TINY_TIMING,
} from './__testUtils__/harness';
import { ManualClock } from './__testUtils__/manualClock';
import { CloudTiming, REALISTIC_TIMING, timingProfile } from './timing';

const VPC = 'vpc-bp1testvpc0000000001';
const VSW = 'vsw-bp1testvswa000000001';

/** Lets the bridge's promises (server provisioning) settle. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('forced creation failures and provisioning times', () => {
  let h: Harness;
  let clock: ManualClock;

  afterEach(async () => {
    await h.close();
  });

  async function start(timing?: Partial<CloudTiming>) {
    clock = new ManualClock();
    h = await startHarness({ clock, timing });
  }

  const createAck = (name: string) =>
    h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name,
        regionId: REGION,
        clusterType: 'ManagedKubernetes',
        vpcid: VPC,
        vswitchIds: [VSW],
      }),
    );

  it('a cluster creation forced to fail ends failed, its CS task fail with the message; the next one runs', async () => {
    await start();
    h.api.faults.failNextCreation('cluster', {
      message: 'no capacity in cn-hangzhou-h',
    });
    const doomed = await createAck('doomed');
    const id = doomed.body!.clusterId!;
    expect((await h.cs.describeClusterDetail(id)).body!.state).toBe('initial');
    clock.advance(TINY_TIMING.clusterReadyMs);
    expect((await h.cs.describeClusterDetail(id)).body!.state).toBe('failed');
    const task = await h.cs.describeTaskInfo(doomed.body!.taskId!);
    expect(task.body).toMatchObject({
      state: 'fail',
      error: { code: 'TaskFailed', message: 'no capacity in cn-hangzhou-h' },
    });
    expect(h.bridge.calls).toEqual([]);

    const fine = await createAck('fine');
    await settle();
    clock.advance(TINY_TIMING.clusterReadyMs);
    expect(
      (await h.cs.describeClusterDetail(fine.body!.clusterId!)).body!.state,
    ).toBe('running');
    expect((await h.cs.describeTaskInfo(fine.body!.taskId!)).body!.state).toBe(
      'success',
    );
  });

  it('a registered cluster forced to fail goes from initial to failed, with a failed task', async () => {
    await start();
    h.api.faults.failNextCreation('cluster');
    const res = await h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name: 'idc',
        regionId: REGION,
        clusterType: 'ExternalKubernetes',
        vpcid: VPC,
      }),
    );
    clock.advance(TINY_TIMING.clusterReadyMs);
    expect(
      (await h.cs.describeClusterDetail(res.body!.clusterId!)).body!.state,
    ).toBe('failed');
    expect((await h.cs.describeTaskInfo(res.body!.taskId!)).body!.state).toBe(
      'fail',
    );
  });

  it('a Fleet forced to fail ends failed with the message as ErrorMessage', async () => {
    await start();
    h.api.faults.failNextCreation('fleet', { message: 'quota exceeded' });
    const created = await h.rpc(
      'CreateHubCluster',
      ADCP_VERSION,
      {},
      { RegionId: REGION, VpcId: VPC, VSwitches: JSON.stringify([VSW]) },
    );
    clock.advance(TINY_TIMING.fleetReadyMs);
    const detail = await h.rpc('DescribeHubClusterDetails', ADCP_VERSION, {
      ClusterId: created.ClusterId,
    });
    expect(detail.Cluster.ClusterInfo).toMatchObject({
      State: 'failed',
      ErrorMessage: 'quota exceeded',
    });
  });

  it('a VBR creation forced to fail is answered 500 InternalError; BGP peers and CEN instances forced to fail disappear after Pending/Creating', async () => {
    await start();
    h.api.faults.failNextCreation('vbr', { message: 'line card failure' });
    const vbrRequest = new $Vpc.CreateVirtualBorderRouterRequest({
      regionId: REGION,
      physicalConnectionId: LINE,
      vlanId: 100,
      localGatewayIp: '10.254.0.1',
      peerGatewayIp: IDC_IP,
      peeringSubnetMask: '255.255.255.252',
    });
    const err = await h.vpc.createVirtualBorderRouter(vbrRequest).catch(e => e);
    expect(err).toMatchObject({ code: 'InternalError', statusCode: 500 });
    expect(err.message).toContain('line card failure');
    const vbrId = (await h.vpc.createVirtualBorderRouter(vbrRequest)).body!
      .vbrId!;

    h.api.faults.failNextCreation('bgp-peer');
    const group = await h.vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({
        regionId: REGION,
        routerId: vbrId,
        peerAsn: IDC_ASN,
      }),
    );
    const peer = await h.vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({
        regionId: REGION,
        bgpGroupId: group.body!.bgpGroupId,
        peerIpAddress: IDC_IP,
      }),
    );
    const peers = () =>
      h.vpc.describeBgpPeers(
        new $Vpc.DescribeBgpPeersRequest({
          regionId: REGION,
          bgpPeerId: peer.body!.bgpPeerId,
        }),
      );
    expect((await peers()).body!.bgpPeers!.bgpPeer![0].status).toBe('Pending');
    clock.advance(TINY_TIMING.bgpReadyMs);
    expect((await peers()).body!.totalCount).toBe(0);

    h.api.faults.failNextCreation('cen');
    await h.rpc('CreateCen', CBN_VERSION, {});
    expect((await h.rpc('DescribeCens', CBN_VERSION, {})).TotalCount).toBe(1);
    clock.advance(TINY_TIMING.cenReadyMs);
    expect((await h.rpc('DescribeCens', CBN_VERSION, {})).TotalCount).toBe(0);
    expect(h.api.faults.pending().creationFailures).toEqual({});
  });

  it('a provisioning time set for a kind is what its transitions take', async () => {
    await start();
    h.api.faults.setProvisioningTime('cluster', 45_000);
    const res = await createAck('slow');
    await settle();
    expect(clock.delays()).toContain(45_000);
    clock.advance(44_999);
    const id = res.body!.clusterId!;
    expect((await h.cs.describeClusterDetail(id)).body!.state).toBe('initial');
    clock.advance(1);
    expect((await h.cs.describeClusterDetail(id)).body!.state).toBe('running');
    h.api.faults.setProvisioningTime('cluster', undefined);
    expect(h.api.faults.pending().provisioningMs).toEqual({});
  });

  it('the realistic timing profile takes minutes for a cluster and tens of seconds for BGP, scaled by the time scale', async () => {
    const scaled = timingProfile('realistic', 0.01);
    expect(scaled.clusterReadyMs).toBe(REALISTIC_TIMING.clusterReadyMs * 0.01);
    expect(REALISTIC_TIMING.clusterReadyMs).toBeGreaterThanOrEqual(60_000);
    expect(REALISTIC_TIMING.bgpEstablishMs).toBeGreaterThanOrEqual(10_000);
    expect(() => timingProfile('realistic', -1)).toThrow(/time scale/);
    await start(scaled);
    const res = await createAck('real');
    await settle();
    expect(clock.delays()).toEqual([scaled.clusterReadyMs]);
    clock.advance(scaled.clusterReadyMs - 1);
    const id = res.body!.clusterId!;
    expect((await h.cs.describeClusterDetail(id)).body!.state).toBe('initial');
    clock.advance(1);
    expect((await h.cs.describeClusterDetail(id)).body!.state).toBe('running');
  });
});
