import * as $CS from '@alicloud/cs20151215';
import {
  ADCP_VERSION,
  Harness,
  REGION,
  startHarness,
  waitFor,
} from './__testUtils__/harness';

const VPC = 'vpc-bp1testvpc0000000001';
const VSW = 'vsw-bp1testvswa000000001';

describe('ACK One Fleet (adcp) API', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  const adcp = (
    action: string,
    query: Record<string, unknown>,
    body?: Record<string, unknown>,
  ) => h.rpc(action, ADCP_VERSION, query, body);

  async function runningFleet(name = 'dr-fleet') {
    const created = await adcp(
      'CreateHubCluster',
      {},
      {
        Name: name,
        RegionId: REGION,
        VpcId: VPC,
        VSwitches: JSON.stringify([VSW]),
        Profile: 'Default',
      },
    );
    const fleetId = created.ClusterId as string;
    await waitFor(async () => {
      const d = await adcp('DescribeHubClusterDetails', { ClusterId: fleetId });
      return d.Cluster.ClusterInfo.State === 'running';
    });
    return fleetId;
  }

  async function runningRegisteredCluster(name: string) {
    const res = await h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name,
        regionId: REGION,
        clusterType: 'ExternalKubernetes',
        vpcid: VPC,
      }),
    );
    const id = res.body!.clusterId!;
    h.api.markAgentConnected(id, `idc-${name}`);
    await waitFor(
      () => h.state.clusters.find(c => c.clusterId === id)?.state === 'running',
    );
    return id;
  }

  it('creates a Fleet that goes initial -> running and serves a kubeconfig', async () => {
    const created = await adcp(
      'CreateHubCluster',
      {},
      {
        Name: 'fleet-a',
        RegionId: REGION,
        VpcId: VPC,
        VSwitches: JSON.stringify([VSW]),
      },
    );
    expect(created.ClusterId).toMatch(/^c[0-9a-f]{32}$/);
    expect(created.RequestId).toBeDefined();
    expect(created.TaskId).toBeDefined();
    const fleetId = created.ClusterId;
    expect(h.bridge.calls).toContain(`provision:fleet:${fleetId}`);

    const first = await adcp('DescribeHubClusterDetails', {
      ClusterId: fleetId,
    });
    expect(['initial', 'running']).toContain(first.Cluster.ClusterInfo.State);

    await waitFor(async () => {
      const d = await adcp('DescribeHubClusterDetails', { ClusterId: fleetId });
      return d.Cluster.ClusterInfo.State === 'running';
    });
    const detail = await adcp('DescribeHubClusterDetails', {
      ClusterId: fleetId,
    });
    expect(detail.Cluster.Network).toMatchObject({
      VpcId: VPC,
      VSwitches: [VSW],
    });
    expect(detail.Cluster.ClusterInfo.MetaData.ACKOne.GitOps.Enabled).toBe(
      false,
    );
    expect(detail.Cluster.Endpoints.IntranetApiServerEndpoint).toBe(
      'https://192.168.0.10:6443',
    );

    const list = await adcp('DescribeHubClusters', {});
    expect(list.Clusters.map((c: any) => c.ClusterInfo.ClusterId)).toEqual([
      fleetId,
    ]);

    const kc = await adcp('DescribeHubClusterKubeconfig', {
      ClusterId: fleetId,
      PrivateIpAddress: true,
    });
    expect(kc.Kubeconfig).toContain('https://192.168.0.10:6443');

    await adcp('UpdateHubClusterFeature', {
      ClusterId: fleetId,
      ArgoCDEnabled: true,
      ArgoCDHAEnabled: true,
      GatewayEnabled: true,
      PublicAccessEnabled: false,
    });
    const updated = await adcp('DescribeHubClusterDetails', {
      ClusterId: fleetId,
    });
    expect(updated.Cluster.ClusterInfo.MetaData.ACKOne.GitOps).toMatchObject({
      Enabled: true,
      HAEnabled: true,
      PublicAccessEnabled: false,
    });
    expect(h.state.fleets[0].gatewayEnabled).toBe(true);

    await adcp('DeleteHubCluster', { ClusterId: fleetId });
    await waitFor(() => h.state.fleets.length === 0);
    await waitFor(() => h.bridge.calls.includes(`remove:fleet-${fleetId}`));
  });

  it('attaches and detaches member clusters', async () => {
    const fleetId = await runningFleet();
    const a = await runningRegisteredCluster('idc-a');
    const b = await runningRegisteredCluster('idc-b');

    const attached = await adcp(
      'AttachClusterToHub',
      { ClusterId: fleetId },
      {
        ClusterIds: JSON.stringify([a, b]),
      },
    );
    expect(attached.ManagedClusterIds).toEqual([a, b]);
    expect(h.state.fleets[0].members).toEqual([a, b]);
    await waitFor(() =>
      h.bridge.syncs.some(s => s.fleetId === fleetId && s.members.length === 2),
    );

    const managed = await waitFor(async () => {
      const m = await adcp('DescribeManagedClusters', { ClusterId: fleetId });
      return m.Clusters.every((c: any) => c.Status.State === 'Successed')
        ? m
        : undefined;
    });
    expect(managed.Clusters.map((c: any) => c.Cluster.ClusterID)).toEqual([
      a,
      b,
    ]);
    expect(managed.Clusters[0].Cluster.ClusterType).toBe('ExternalKubernetes');

    // a Fleet with members is not deleted without Force
    await expect(
      adcp('DeleteHubCluster', { ClusterId: fleetId }),
    ).rejects.toMatchObject({
      code: 'OperationDenied.ManagedClustersExist',
      statusCode: 400,
    });

    await adcp(
      'DetachClusterFromHub',
      { ClusterId: fleetId },
      { ClusterIds: JSON.stringify([a]) },
    );
    expect(h.state.fleets[0].members).toEqual([b]);
    await waitFor(() => {
      const last = h.bridge.syncs[h.bridge.syncs.length - 1];
      return last.members.length === 1 && last.members[0] === b;
    });

    await adcp('DeleteHubCluster', { ClusterId: fleetId, Force: true });
    await waitFor(() => h.state.fleets.length === 0);
  });

  it('rejects bad Fleet requests', async () => {
    await expect(
      adcp(
        'CreateHubCluster',
        {},
        { RegionId: REGION, VSwitches: JSON.stringify([VSW]) },
      ),
    ).rejects.toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    await expect(
      adcp(
        'CreateHubCluster',
        {},
        { RegionId: REGION, VpcId: VPC, VSwitches: 'vsw-not-json' },
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
    await expect(
      adcp('DescribeHubClusterDetails', {
        ClusterId: 'c00000000000000000000000000000000',
      }),
    ).rejects.toMatchObject({ code: 'ErrorClusterNotFound', statusCode: 404 });

    const fleetId = await runningFleet();
    await expect(
      adcp(
        'AttachClusterToHub',
        { ClusterId: fleetId },
        {
          ClusterIds: JSON.stringify(['c11111111111111111111111111111111']),
        },
      ),
    ).rejects.toMatchObject({ code: 'ErrorClusterNotFound', statusCode: 404 });
    // a registered cluster whose agent has not connected cannot be attached
    const waiting = await h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name: 'waiting',
        regionId: REGION,
        clusterType: 'ExternalKubernetes',
        vpcid: VPC,
      }),
    );
    await expect(
      adcp(
        'AttachClusterToHub',
        { ClusterId: fleetId },
        {
          ClusterIds: JSON.stringify([waiting.body!.clusterId]),
        },
      ),
    ).rejects.toMatchObject({ code: 'ErrorClusterState', statusCode: 400 });
  });
});
