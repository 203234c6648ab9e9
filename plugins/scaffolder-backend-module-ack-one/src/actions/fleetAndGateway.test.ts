import {
  cloudSnapshot,
  kubeSnapshot,
  runAction,
  startTestEnv,
  TestEnv,
} from '../__testUtils__/harness';
import { createAckClusterAction } from './createCluster';
import { createFleetAction } from './createFleet';
import { createGatewayAction } from './createGateway';
import { createRegisterClusterAction } from './registerCluster';

jest.setTimeout(120_000);

describe('ack-one:fleet:create and ack-one:gateway:create (empty world)', () => {
  let env: TestEnv;
  let vpcId: string;
  let vSwitchIds: string[];
  let idcId: string;
  let ackId: string;

  beforeAll(async () => {
    env = await startTestEnv('empty');
    const vpc = env.sim.world.cloud.vpcs[0];
    vpcId = vpc.vpcId;
    vSwitchIds = vpc.vSwitches.map(v => v.vSwitchId);
    const idc = await runAction(createRegisterClusterAction(env.deps), {
      input: { name: 'idc-k8s', vpcId, idcCluster: 'idc' },
    });
    const ack = await runAction(createAckClusterAction(env.deps), {
      input: {
        name: 'ack-hangzhou',
        vpcId,
        vSwitchIds: [vSwitchIds[1]],
        containerCidr: '172.20.0.0/16',
        serviceCidr: '172.21.0.0/20',
      },
    });
    idcId = idc.output.clusterId;
    ackId = ack.output.clusterId;
  });

  afterAll(() => env?.stop());

  const fleetInput = () => ({
    name: 'ackone-fleet',
    vpcId,
    vSwitchIds: [vSwitchIds[0]],
    clusterIds: [idcId, ackId],
  });
  const fleets = () => env.sim.world.cloud.fleets;

  it('names the clusters of the account when a cluster id is unknown', async () => {
    await expect(
      runAction(createFleetAction(env.deps), {
        input: { ...fleetInput(), clusterIds: [idcId, 'c-unknown'] },
      }),
    ).rejects.toThrow(
      new RegExp(
        `c-unknown is not a cluster of account sim in cn-hangzhou; its clusters: .*${idcId} \\(idc-k8s, ExternalKubernetes, running\\)`,
      ),
    );
  });

  it('in a dry run changes nothing', async () => {
    const before = cloudSnapshot(env.sim);
    const { output, logs } = await runAction(createFleetAction(env.deps), {
      input: fleetInput(),
      isDryRun: true,
    });
    expect(output.fleetId).toBe('dry-run-ackone-fleet');
    expect(logs.join('\n')).toContain('would call ACK One CreateHubCluster');
    expect(cloudSnapshot(env.sim)).toBe(before);
  });

  it('replaces a Fleet whose creation failed when the task is retried', async () => {
    env.sim.cloud.faults.failNextCreation('fleet', {
      message: 'control plane failed (injected)',
    });
    const checkpoints = new Map<string, any>();
    const err = await runAction(createFleetAction(env.deps), {
      input: fleetInput(),
      taskId: 'fleet-1',
      checkpoints,
    }).catch(e => e);
    expect(String(err)).toMatch(
      /failed at step "create the Fleet": Fleet c\w+ is failed: its creation failed\. Retry the task/,
    );
    const { output } = await runAction(createFleetAction(env.deps), {
      input: fleetInput(),
      taskId: 'fleet-1',
      checkpoints,
    });
    expect(fleets()).toHaveLength(1);
    expect(fleets()[0]).toMatchObject({
      clusterId: output.fleetId,
      state: 'running',
      argoCdEnabled: true,
      gatewayEnabled: true,
    });
    expect(new Set(fleets()[0].members)).toEqual(new Set([idcId, ackId]));
    expect(output).toMatchObject({
      entityRef: 'resource:default/ackone-fleet',
      memberClusterIds: expect.arrayContaining([idcId, ackId]),
    });
  });

  it('re-running creates nothing new', async () => {
    const before = cloudSnapshot(env.sim);
    const { output } = await runAction(createFleetAction(env.deps), {
      input: fleetInput(),
      taskId: 'fleet-1',
    });
    expect(output.fleetId).toBe(fleets()[0].clusterId);
    expect(fleets()).toHaveLength(1);
    // the simulator does not report the gateway feature, so it is switched on
    // again (an idempotent call): only the update time may change
    const withoutTime = (snapshot: string) =>
      JSON.parse(snapshot).fleets.map(({ updated, ...f }: any) => f);
    expect(withoutTime(cloudSnapshot(env.sim))).toEqual(withoutTime(before));
    expect(JSON.parse(cloudSnapshot(env.sim)).clusters).toEqual(
      JSON.parse(before).clusters,
    );
  });

  it('validates the gateway in the Fleet in a dry run without changing it', async () => {
    const fleetServer = fleets()[0].kubeServer!;
    const cloud = cloudSnapshot(env.sim);
    const objects = kubeSnapshot(env.sim, fleetServer);
    const { logs, output } = await runAction(createGatewayAction(env.deps), {
      input: { fleetId: 'ackone-fleet' },
      isDryRun: true,
    });
    expect(logs.join('\n')).toContain('mse.alibabacloud.com/remote-clusters');
    expect(logs.join('\n')).toContain('the Fleet accepted the manifests');
    expect(output.status).toBe('dry-run');
    expect(cloudSnapshot(env.sim)).toBe(cloud);
    expect(kubeSnapshot(env.sim, fleetServer)).toEqual(objects);
  });

  it('creates the gateway, waits until it listens, and reuses it afterwards', async () => {
    const { output } = await runAction(createGatewayAction(env.deps), {
      input: { fleetId: fleets()[0].clusterId },
    });
    expect(output).toMatchObject({
      gatewayName: 'ackone-gateway-cn-hangzhou',
      ingressClass: 'mse',
      status: 'Listening',
      address: expect.stringMatching(/:\d+$/),
    });
    const gateways = await env.ackOne.listFleetGateways(
      'sim',
      'cn-hangzhou',
      fleets()[0].clusterId,
    );
    expect(gateways).toHaveLength(1);
    expect(new Set(gateways[0].clusterIds)).toEqual(new Set([idcId, ackId]));

    const again = await runAction(createGatewayAction(env.deps), {
      input: { fleetId: 'ackone-fleet', name: 'another-name' },
    });
    expect(again.output.gatewayName).toBe('ackone-gateway-cn-hangzhou');
    expect(again.logs.join('\n')).toContain(
      'is served by MseIngressConfig ackone-gateway-cn-hangzhou; using it',
    );
  });
});
