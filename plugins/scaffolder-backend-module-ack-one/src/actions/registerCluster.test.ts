import {
  cloudSnapshot,
  kubeSnapshot,
  runAction,
  startTestEnv,
  TestEnv,
} from '../__testUtils__/harness';
import { createRegisterClusterAction } from './registerCluster';

jest.setTimeout(120_000);

describe('ack-one:cluster:register (empty world)', () => {
  let env: TestEnv;
  let vpcId: string;

  beforeAll(async () => {
    env = await startTestEnv('empty');
    vpcId = env.sim.world.cloud.vpcs[0].vpcId;
  });

  afterAll(() => env?.stop());

  beforeEach(() => env.sim.cloud.faults.reset());

  const action = () => createRegisterClusterAction(env.deps);
  const registered = () =>
    env.sim.world.cloud.clusters.filter(
      c => c.clusterType === 'ExternalKubernetes',
    );

  it('names the VPCs of the account when the VPC is not one of them', async () => {
    await expect(
      runAction(action(), {
        input: { name: 'idc-k8s', vpcId: 'vpc-nope', idcCluster: 'idc' },
      }),
    ).rejects.toThrow(
      new RegExp(
        `failed at step "check the inputs against the account": vpc-nope is not a VPC of account sim in cn-hangzhou; its VPCs: ${vpcId} \\(192.168.0.0/16\\)`,
      ),
    );
  });

  it('asks for a kubeconfig when neither a target nor a secret gives one', async () => {
    await expect(
      runAction(action(), { input: { name: 'idc-k8s', vpcId } }),
    ).rejects.toThrow(
      /set "idcCluster" to one of ackOne.scaffolder.idcClusters \(idc\) or pass the kubeconfig as the task secret "idcKubeconfig"/,
    );
  });

  it('in a dry run checks the inputs, prints the calls and changes nothing', async () => {
    const cloud = cloudSnapshot(env.sim);
    const idc = kubeSnapshot(env.sim, 'idc');
    const { output, logs } = await runAction(action(), {
      input: { name: 'idc-k8s', vpcId, idcCluster: 'idc' },
      isDryRun: true,
    });
    expect(output).toMatchObject({
      clusterId: 'dry-run-idc-k8s',
      entityRef: 'resource:default/idc-k8s',
    });
    expect(logs.join('\n')).toContain('[dry run] would call CS CreateCluster');
    expect(logs.join('\n')).toContain('"clusterType":"ExternalKubernetes"');
    expect(logs.join('\n')).not.toMatch(/token|BEGIN/i);
    expect(cloudSnapshot(env.sim)).toBe(cloud);
    expect(kubeSnapshot(env.sim, 'idc')).toEqual(idc);
  });

  it('replaces a registration that failed when the task is retried', async () => {
    env.sim.cloud.faults.failNextCreation('cluster', {
      message: 'registration failed (injected)',
    });
    const checkpoints = new Map<string, any>();
    const input = { name: 'idc-k8s', vpcId, idcCluster: 'idc' };
    const failed = await runAction(action(), {
      input,
      taskId: 'register-1',
      checkpoints,
    }).catch(e => e);
    expect(String(failed)).toMatch(
      /failed at step "wait for the registration": cluster c\w+ is failed.*Already in place: cluster c\w+/,
    );
    const { output } = await runAction(action(), {
      input,
      taskId: 'register-1',
      checkpoints,
    });
    expect(output.state).toBe('running');
    expect(registered()).toHaveLength(1);
    expect(registered()[0]).toMatchObject({
      clusterId: output.clusterId,
      state: 'running',
      kubeServer: 'idc',
    });
    expect(output.entityRef).toBe('resource:default/idc-k8s');
    const agent = env.sim.world
      .server('idc')
      .api.getObj('apps/v1', 'Deployment', 'kube-system', 'ack-cluster-agent');
    expect(agent?.metadata.labels['ack-one.alibabacloud.com/cluster-id']).toBe(
      output.clusterId,
    );
  });

  it('re-running the task, even without its checkpoints, creates nothing new', async () => {
    const before = registered().map(c => c.clusterId);
    for (const checkpoints of [new Map(), new Map()]) {
      const { output } = await runAction(action(), {
        input: { name: 'idc-k8s', vpcId, idcCluster: 'idc' },
        taskId: 'register-1',
        checkpoints,
      });
      expect(output.clusterId).toBe(before[0]);
    }
    expect(registered().map(c => c.clusterId)).toEqual(before);
    expect(env.ackOne.getCallCounts().CreateCluster).toBe(2);
  });

  it('takes the kubeconfig from a task secret', async () => {
    const { output } = await runAction(action(), {
      input: { name: 'idc-k8s', vpcId },
      secrets: { idcKubeconfig: env.idcKubeconfig },
      taskId: 'register-2',
    });
    expect(output.clusterId).toBe(registered()[0].clusterId);
  });
});
