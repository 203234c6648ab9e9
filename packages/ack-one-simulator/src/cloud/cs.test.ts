import * as $CS from '@alicloud/cs20151215';
import { parseAllDocuments } from 'yaml';
import { AGENT_CLUSTER_ID_LABEL } from './model';
import {
  BASIC_REGION,
  Harness,
  REGION,
  startHarness,
  waitFor,
} from './__testUtils__/harness';

const VPC = 'vpc-bp1testvpc0000000001';
const VSW = 'vsw-bp1testvswa000000001';

describe('CS (ROA) API', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  function createRegistered(
    name: string,
    extra: Partial<$CS.CreateClusterRequest> = {},
  ) {
    return h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name,
        regionId: REGION,
        clusterType: 'ExternalKubernetes',
        vpcid: VPC,
        ...extra,
      }),
    );
  }

  it('registers an external cluster that waits for its agent, then runs', async () => {
    const created = await createRegistered('idc-prod');
    expect(created.statusCode).toBe(200);
    const clusterId = created.body!.clusterId!;
    expect(clusterId).toMatch(/^c[0-9a-f]{32}$/);
    expect(created.body!.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(created.body!.taskId).toMatch(/^T-/);
    expect(created.headers!['x-acs-request-id']).toBe(created.body!.requestId);

    const detail = await h.cs.describeClusterDetail(clusterId);
    expect(detail.body!.state).toBe('waiting');
    expect(detail.body!.clusterType).toBe('ExternalKubernetes');
    expect(detail.body!.masterUrl).toBe('');
    expect(h.bridge.calls).toEqual([]);

    // no kubeconfig before the agent connects
    await expect(
      h.cs.describeClusterUserKubeconfig(
        clusterId,
        new $CS.DescribeClusterUserKubeconfigRequest({}),
      ),
    ).rejects.toMatchObject({ code: 'ErrorClusterState', statusCode: 400 });

    const agent = await h.cs.describeExternalAgent(
      clusterId,
      new $CS.DescribeExternalAgentRequest({ privateIpAddress: 'true' }),
    );
    const docs = parseAllDocuments(agent.body!.config!).map(d => d.toJS());
    const kinds = docs.map(
      d => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Namespace//kube-system',
        'ServiceAccount/kube-system/ack-cluster-agent',
        'Deployment/kube-system/ack-cluster-agent',
      ]),
    );
    expect(docs.some(d => d.kind === 'Secret')).toBe(true);
    const deployment = docs.find(d => d.kind === 'Deployment');
    expect(deployment.metadata.labels[AGENT_CLUSTER_ID_LABEL]).toBe(clusterId);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].image).toContain(
      'ack-cluster-agent',
    );

    h.api.markAgentConnected(clusterId, 'idc-server-1');
    await waitFor(async () => {
      const d = await h.cs.describeClusterDetail(clusterId);
      return d.body!.state === 'running';
    });
    const running = await h.cs.describeClusterDetail(clusterId);
    expect(JSON.parse(running.body!.masterUrl!)).toEqual({
      api_server_endpoint: 'https://47.96.0.10:6443',
      intranet_api_server_endpoint: 'https://192.168.0.10:6443',
    });

    const kc = await h.cs.describeClusterUserKubeconfig(
      clusterId,
      new $CS.DescribeClusterUserKubeconfigRequest({
        privateIpAddress: true,
        temporaryDurationMinutes: 60,
      }),
    );
    expect(kc.body!.config).toContain('https://192.168.0.10:6443');
    expect(kc.body!.config).toContain(`1234567890123456-${clusterId}`);
    expect(kc.body!.expiration).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
    );

    // deleting a registered cluster does not remove the IDC server
    const del = await h.cs.deleteCluster(
      clusterId,
      new $CS.DeleteClusterRequest({}),
    );
    expect(del.statusCode).toBe(202);
    await waitFor(() => !h.state.clusters.some(c => c.clusterId === clusterId));
    expect(h.bridge.calls).toEqual([]);
    await expect(h.cs.describeClusterDetail(clusterId)).rejects.toMatchObject({
      code: 'ErrorClusterNotFound',
      statusCode: 404,
    });
  });

  it('creates a managed cluster: initial -> running, with a provisioned server', async () => {
    const created = await h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name: 'ack-dr-cluster',
        regionId: REGION,
        clusterType: 'ManagedKubernetes',
        clusterSpec: 'ack.pro.small',
        vpcid: VPC,
        vswitchIds: [VSW],
        tags: [new $CS.Tag({ key: 'env', value: 'dr' })],
        deletionProtection: false,
      }),
    );
    const clusterId = created.body!.clusterId!;
    expect(h.bridge.calls).toEqual([`provision:ack:${clusterId}`]);
    const initial = await h.cs.describeClusterDetail(clusterId);
    expect(['initial', 'running']).toContain(initial.body!.state);
    expect(initial.body!.zoneId).toBe('cn-hangzhou-h');
    expect(initial.body!.tags).toEqual([
      expect.objectContaining({ key: 'env', value: 'dr' }),
    ]);

    await waitFor(
      async () =>
        (await h.cs.describeClusterDetail(clusterId)).body!.state === 'running',
    );
    const task = await h.cs.describeTaskInfo(created.body!.taskId!);
    expect(task.body!.state).toBe('success');
    expect(task.body!.clusterId).toBe(clusterId);

    // no agent manifest for an ACK cluster
    await expect(
      h.cs.describeExternalAgent(
        clusterId,
        new $CS.DescribeExternalAgentRequest({}),
      ),
    ).rejects.toMatchObject({ statusCode: 400 });

    await h.cs.deleteCluster(
      clusterId,
      new $CS.DeleteClusterRequest({ retainAllResources: false }),
    );
    expect((await h.cs.describeClusterDetail(clusterId)).body!.state).toBe(
      'deleting',
    );
    await waitFor(() => h.bridge.calls.includes(`remove:ack-${clusterId}`));
  });

  it('lists clusters with filters and paging', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createRegistered(`idc-${i}`)).body!.clusterId!);
    }
    const page1 = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({
        clusterType: 'ExternalKubernetes',
        pageSize: 2,
        pageNumber: 1,
      }),
    );
    expect(page1.body!.pageInfo).toMatchObject({
      pageNumber: 1,
      pageSize: 2,
      totalCount: 5,
    });
    expect(page1.body!.clusters).toHaveLength(2);
    const page3 = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({
        clusterType: 'ExternalKubernetes',
        pageSize: 2,
        pageNumber: 3,
      }),
    );
    expect(page3.body!.clusters).toHaveLength(1);
    const all = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({ pageSize: 100 }),
    );
    expect(all.body!.clusters!.map(c => c.clusterId).sort()).toEqual(
      [...ids].sort(),
    );

    const byName = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({ name: 'idc-3' }),
    );
    expect(byName.body!.clusters!.map(c => c.name)).toEqual(['idc-3']);
    const byId = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({ clusterId: ids[1] }),
    );
    expect(byId.body!.clusters!.map(c => c.clusterId)).toEqual([ids[1]]);
    const managed = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({ clusterType: 'ManagedKubernetes' }),
    );
    expect(managed.body!.pageInfo!.totalCount).toBe(0);
    const otherRegion = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({ regionId: 'cn-beijing' }),
    );
    expect(otherRegion.body!.clusters).toEqual([]);
  });

  it('rejects bad input with the real error codes', async () => {
    await createRegistered('dup-name');
    await expect(createRegistered('dup-name')).rejects.toMatchObject({
      code: 'ErrorClusterNameAlreadyExist',
      statusCode: 400,
    });
    await expect(createRegistered('-starts-with-hyphen')).rejects.toMatchObject(
      {
        code: 'InvalidParameter',
        statusCode: 400,
      },
    );
    await expect(createRegistered('x'.repeat(64))).rejects.toMatchObject({
      code: 'InvalidParameter',
    });
    // Chinese characters are allowed
    await expect(createRegistered('同城容灾-1')).resolves.toBeDefined();
    await expect(
      h.cs.createCluster(
        new $CS.CreateClusterRequest({
          regionId: REGION,
          clusterType: 'ExternalKubernetes',
        }),
      ),
    ).rejects.toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    await expect(
      h.cs.createCluster(
        new $CS.CreateClusterRequest({ name: 'no-type', regionId: REGION }),
      ),
    ).rejects.toMatchObject({ code: 'MissingParameter' });
    await expect(
      h.cs.createCluster(
        new $CS.CreateClusterRequest({
          name: 'bad-type',
          regionId: REGION,
          clusterType: 'Serverless',
        }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    await expect(
      h.cs.describeClusterDetail('c00000000000000000000000000000000'),
    ).rejects.toMatchObject({
      code: 'ErrorClusterNotFound',
      statusCode: 404,
    });
    await expect(
      h.cs.deleteCluster(
        'c00000000000000000000000000000000',
        new $CS.DeleteClusterRequest({}),
      ),
    ).rejects.toMatchObject({ code: 'ErrorClusterNotFound', statusCode: 404 });
    await expect(h.cs.describeTaskInfo('T-nope')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('honours deletion protection', async () => {
    const created = await createRegistered('protected', {
      deletionProtection: true,
    });
    const clusterId = created.body!.clusterId!;
    expect(
      (await h.cs.describeClusterDetail(clusterId)).body!.deletionProtection,
    ).toBe(true);
    await expect(
      h.cs.deleteCluster(clusterId, new $CS.DeleteClusterRequest({})),
    ).rejects.toMatchObject({
      code: 'ErrorClusterDeletionProtection',
      statusCode: 400,
    });
    expect((await h.cs.describeClusterDetail(clusterId)).body!.state).toBe(
      'waiting',
    );
  });

  it('CreateCluster accepts the documented cluster specs and refuses undocumented ones', async () => {
    const managed = (name: string, clusterSpec?: string) =>
      h.cs.createCluster(
        new $CS.CreateClusterRequest({
          name,
          regionId: REGION,
          clusterType: 'ManagedKubernetes',
          clusterSpec,
          vpcid: VPC,
          vswitchIds: [VSW],
        }),
      );
    for (const spec of ['ack.standard', 'ack.pro.small', 'ack.pro.xlarge']) {
      await expect(
        managed(`spec-${spec.replace(/\./g, '-')}`, spec),
      ).resolves.toBeDefined();
    }
    await expect(
      managed('spec-medium', 'ack.pro.medium'),
    ).rejects.toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    // documented: ack.standard when left empty
    const plain = await managed('spec-default');
    expect(
      (await h.cs.describeClusterDetail(plain.body!.clusterId!)).body!
        .clusterSpec,
    ).toBe('ack.standard');
  });

  it('CreateCluster of a registered cluster requires a VPC (simulator rule; the documentation could not confirm it)', async () => {
    await expect(
      createRegistered('no-vpc', { vpcid: undefined }),
    ).rejects.toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    await expect(
      createRegistered('bad-vpc', { vpcid: 'vpc-unknown' }),
    ).rejects.toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('CreateCluster accepts every region the world has and refuses the others', async () => {
    await expect(
      createRegistered('in-shanghai', {
        regionId: BASIC_REGION,
        vpcid: 'vpc-uf6testvpc0000000001',
      }),
    ).resolves.toBeDefined();
    await expect(
      createRegistered('in-beijing', { regionId: 'cn-beijing' }),
    ).rejects.toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('marks a failed provisioning as failed', async () => {
    h.bridge.failProvision = true;
    const created = await h.cs.createCluster(
      new $CS.CreateClusterRequest({
        name: 'doomed',
        regionId: REGION,
        clusterType: 'ManagedKubernetes',
        vpcid: VPC,
        vswitchIds: [VSW],
      }),
    );
    const failed = await waitFor(
      async () =>
        (
          await h.cs.describeClusterDetail(created.body!.clusterId!)
        ).body!.state === 'failed',
    );
    expect(failed).toBe(true);
  });
});
