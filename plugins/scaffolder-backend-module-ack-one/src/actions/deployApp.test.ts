import { listFleetApplicationSets } from '@internal/plugin-ack-one-node';
import {
  cloudSnapshot,
  kubeSnapshot,
  runAction,
  startTestEnv,
  TestEnv,
} from '../__testUtils__/harness';
import { createDeployAppAction } from './deployApp';
import { createGatewayAction } from './createGateway';

jest.setTimeout(120_000);

describe('ack-one:app:deploy and an app route (demo world)', () => {
  let env: TestEnv;
  let fleetId: string;
  let idcId: string;
  let ackId: string;

  beforeAll(async () => {
    env = await startTestEnv('demo');
    const cloud = env.sim.world.cloud;
    fleetId = cloud.fleets[0].clusterId;
    idcId = cloud.clusters.find(c => c.name === 'idc-k8s')!.clusterId;
    ackId = cloud.clusters.find(c => c.name === 'ack-hangzhou')!.clusterId;
  });
  afterAll(() => env?.stop());
  beforeEach(() => env.ackOne.resetCallCounts());

  const deployInput = (extra: Record<string, any> = {}) => ({
    fleetId: 'ackone-fleet',
    name: 'shop',
    clusterIds: ['idc-k8s', 'ack-hangzhou'],
    repoURL: 'https://github.com/AliyunContainerService/gitops-demo.git',
    path: 'manifests/helm/web-demo',
    serviceName: 'shop',
    replicas: { 'idc-k8s': 2, 'ack-hangzhou': 1 },
    owner: 'group:default/platform-team',
    clusterRoles: 'idc-k8s=primary,ack-hangzhou=standby',
    minStandbyCapacity: 50,
    rto: '5m',
    ...extra,
  });

  it('refuses a DR policy the DR tab could not read before any call', async () => {
    await expect(
      runAction(createDeployAppAction(env.deps), {
        input: deployInput({ clusterRoles: 'idc-k8s=primary', rto: 'soon' }),
      }),
    ).rejects.toThrow(
      /ack-one\/cluster-roles names no standby cluster.*ack-one\/rto "soon" is not a duration/,
    );
    expect(env.ackOne.getCallCounts()).toEqual({});
  });

  it('names the members when a cluster is not one', async () => {
    await expect(
      runAction(createDeployAppAction(env.deps), {
        input: deployInput({
          clusterIds: ['idc-k8s', 'elsewhere'],
          clusterRoles: undefined,
          replicas: undefined,
        }),
      }),
    ).rejects.toThrow(
      /elsewhere is not a member of Fleet ackone-fleet; its members: .*idc-k8s/,
    );
  });

  it('in a dry run prints and validates the ApplicationSet, changing nothing', async () => {
    const cloud = cloudSnapshot(env.sim);
    // Applications change as Argo CD reports health; what the action writes must not
    const written = [
      'argoproj.io/applicationsets',
      '/namespaces',
      'networking.k8s.io/ingresses',
    ];
    const fleet = kubeSnapshot(env.sim, 'fleet', written);
    const { logs, output } = await runAction(createDeployAppAction(env.deps), {
      input: deployInput(),
      isDryRun: true,
    });
    const text = logs.join('\n');
    expect(text).toContain('kind: ApplicationSet');
    expect(text).toContain(
      'ack-one/cluster-roles: idc-k8s=primary,ack-hangzhou=standby',
    );
    expect(output.drTabPath).toBe(
      '/catalog/default/component/shop/disaster-recovery',
    );
    expect(cloudSnapshot(env.sim)).toBe(cloud);
    expect(kubeSnapshot(env.sim, 'fleet', written)).toEqual(fleet);
  });

  it('deploys to both clusters, labels the namespaces, and a re-run changes nothing', async () => {
    const checkpoints = new Map<string, any>();
    const { output } = await runAction(createDeployAppAction(env.deps), {
      input: deployInput(),
      taskId: 'deploy-1',
      checkpoints,
    });
    expect(output.clusters).toEqual([
      expect.objectContaining({
        clusterId: idcId,
        clusterName: 'idc-k8s',
        sync: 'Synced',
        health: 'Healthy',
      }),
      expect.objectContaining({
        clusterId: ackId,
        clusterName: 'ack-hangzhou',
        sync: 'Synced',
        health: 'Healthy',
      }),
    ]);
    for (const [server, replicas] of [
      ['idc', 2],
      ['ack', 1],
    ] as const) {
      const api = env.sim.world.server(server).api;
      const ns = api.getObj('v1', 'Namespace', undefined, 'shop');
      expect(ns?.metadata.labels?.['backstage.io/kubernetes-id']).toBe('shop');
      expect(api.getObj('v1', 'Service', 'shop', 'shop')).toBeTruthy();
      const deployment = api.listObjs('apps/v1', 'Deployment', 'shop')[0];
      expect(deployment.spec.replicas).toBe(replicas);
    }
    const [appSet] = (
      await listFleetApplicationSets(env.ackOne, 'sim', 'cn-hangzhou', fleetId)
    ).filter(a => a.name === 'shop');
    expect(appSet.annotations).toMatchObject({
      'backstage.io/owner': 'group:default/platform-team',
      'backstage.io/kubernetes-id': 'shop',
      'backstage.io/kubernetes-namespace': 'shop',
      'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
      'ack-one/min-standby-capacity': '50',
      'ack-one/rto': '5m',
    });

    const appsBefore = env.sim.world
      .server('fleet')
      .api.listObjs('argoproj.io/v1alpha1', 'Application', 'argocd').length;
    const again = await runAction(createDeployAppAction(env.deps), {
      input: deployInput(),
      taskId: 'deploy-1',
      checkpoints: new Map(),
    });
    expect(again.output.clusters).toEqual(output.clusters);
    expect(
      env.sim.world
        .server('fleet')
        .api.listObjs('argoproj.io/v1alpha1', 'Application', 'argocd'),
    ).toHaveLength(appsBefore);
  });

  it('routes the app through the existing gateway with the chosen split', async () => {
    const { output } = await runAction(createGatewayAction(env.deps), {
      input: {
        fleetId: 'ackone-fleet',
        route: {
          namespace: 'shop',
          host: 'shop.example.com',
          serviceName: 'shop',
          kubernetesId: 'shop',
          mode: 'weight',
          baseClusterId: 'idc-k8s',
          canaryClusterId: 'ack-hangzhou',
          canaryWeight: 30,
        },
      },
    });
    expect(output).toMatchObject({
      gatewayName: 'ackone-gateway-hangzhou',
      status: 'Listening',
      url: 'http://shop.example.com/',
    });
    const api = env.sim.world.server('fleet').api;
    expect(
      api.getObj('networking.k8s.io/v1', 'Ingress', 'shop', 'shop')?.metadata
        .annotations,
    ).toMatchObject({
      'mse.ingress.kubernetes.io/service-subset': idcId,
    });
    expect(
      api.getObj('networking.k8s.io/v1', 'Ingress', 'shop', 'shop-canary')
        ?.metadata.annotations,
    ).toMatchObject({
      'nginx.ingress.kubernetes.io/canary-weight': '30',
      'mse.ingress.kubernetes.io/service-subset': ackId,
    });
    expect(
      api.listObjs('mse.alibabacloud.com/v1alpha1', 'MseIngressConfig'),
    ).toHaveLength(1);
  });
});
