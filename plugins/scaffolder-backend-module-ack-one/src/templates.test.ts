import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { listFleetApplicationSets } from '@internal/plugin-ack-one-node';
import { parse as parseYaml } from 'yaml';
import { cloudSnapshot, startTestEnv, TestEnv } from './__testUtils__/harness';
import { scaffolderModuleAckOne } from './module';

jest.setTimeout(180_000);

const TEMPLATES = path.resolve(__dirname, '../../../examples/templates');

function template(file: string): any {
  return parseYaml(fs.readFileSync(path.join(TEMPLATES, file), 'utf8'));
}

/** A JSON request to the test backend as a signed-in user. */
async function api(
  server: any,
  method: 'GET' | 'POST',
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const { port } = server.address();
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
    method,
    headers: {
      authorization: mockCredentials.user.header('user:default/alice'),
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The values the Create form sends: the given ones over the parameters' defaults. */
function formValues(file: string, values: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const page of (template(file).spec as any).parameters) {
    for (const [key, schema] of Object.entries<any>(page.properties ?? {})) {
      if (schema.default !== undefined) out[key] = schema.default;
    }
  }
  return { ...out, ...values };
}

async function startScaffolder(env: TestEnv) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleAckOne,
      catalogServiceMock.factory({
        entities: [
          template('hybrid-dr-foundation.yaml'),
          template('onboard-app.yaml'),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          ...env.configData,
          backend: { baseUrl: 'http://localhost:7007' },
        },
      }),
    ],
  });
  return server;
}

/** Runs a template through the scaffolder API; returns the finished task and its log. */
async function runTemplate(
  server: any,
  templateRef: string,
  values: Record<string, unknown>,
  secrets: Record<string, string> = {},
) {
  const created = await api(server, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef,
    values,
    secrets,
  });
  expect({
    status: created.status,
    body: created.status === 201 ? {} : created.body,
  }).toEqual({
    status: 201,
    body: {},
  });
  const id = created.body.id;
  let task: any;
  for (let i = 0; i < 1200; i++) {
    task = (await api(server, 'GET', `/api/scaffolder/v2/tasks/${id}`)).body;
    if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
    await new Promise(r => setTimeout(r, 100));
  }
  const events = (
    await api(server, 'GET', `/api/scaffolder/v2/tasks/${id}/events`)
  ).body as Array<{ body: { message: string } }>;
  return { task, log: events.map(e => e.body.message).join('\n') };
}

describe('the Hybrid DR foundation template (empty world)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('empty');
  });
  afterAll(() => env?.stop());

  const values = () => {
    const cloud = env.sim.world.cloud;
    const [vsw1, vsw2] = cloud.vpcs[0].vSwitches;
    return formValues('hybrid-dr-foundation.yaml', {
      vpcId: cloud.vpcs[0].vpcId,
      idcClusterName: 'idc-k8s',
      idcCluster: 'idc',
      physicalConnectionId: cloud.physicalConnections![0].physicalConnectionId,
      vlanId: 100,
      localGatewayIp: '10.254.0.1',
      peerGatewayIp: '10.254.0.2',
      peeringSubnetMask: '255.255.255.252',
      peerAsn: 65010,
      idcCidrs: ['10.0.0.0/8'],
      ackClusterName: 'ack-hangzhou',
      ackVSwitchId: vsw2.vSwitchId,
      ackPodCidr: '172.20.0.0/16',
      ackServiceCidr: '172.21.0.0/20',
      fleetName: 'ackone-fleet',
      fleetVSwitchId: vsw1.vSwitchId,
    });
  };

  it('dry-runs through the scaffolder API without changing the cloud', async () => {
    const server = await startScaffolder(env);
    const before = cloudSnapshot(env.sim);
    const res = await api(server, 'POST', '/api/scaffolder/v2/dry-run', {
      template: template('hybrid-dr-foundation.yaml'),
      values: values(),
      secrets: {},
      directoryContents: [],
    });
    const log = (res.body.log ?? []).map((e: any) => e.body.message).join('\n');
    expect({
      status: res.status,
      failed: /failed/i.test(log) ? log : '',
    }).toEqual({
      status: 200,
      failed: '',
    });
    expect(log).toContain('[dry run] would call ACK One CreateHubCluster');
    expect(log).toContain('kind: MseIngressConfig');
    expect(cloudSnapshot(env.sim)).toBe(before);
  });

  it('runs to completion through the scaffolder API', async () => {
    const server = await startScaffolder(env);
    const cloud = env.sim.world.cloud;
    const { task, log } = await runTemplate(
      server,
      'template:default/hybrid-dr-foundation',
      values(),
    );
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    expect(
      cloud.clusters.map(c => [c.name, c.clusterType, c.state]).sort(),
    ).toEqual([
      ['ack-hangzhou', 'ManagedKubernetes', 'running'],
      ['idc-k8s', 'ExternalKubernetes', 'running'],
    ]);
    expect(cloud.fleets).toHaveLength(1);
    expect(cloud.fleets[0].members).toHaveLength(2);
    expect(cloud.bgpPeers[0].bgpStatus).toBe('Established');
    const gateways = await env.ackOne.listFleetGateways(
      'sim',
      'cn-hangzhou',
      cloud.fleets[0].clusterId,
    );
    expect(gateways[0]).toMatchObject({
      status: 'Listening',
      clusterIds: expect.any(Array),
    });
    expect(log).not.toMatch(/-----BEGIN|bearer\s/i);
  });
});

describe('the Onboard an app template (demo world)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('demo');
  });
  afterAll(() => env?.stop());

  it('deploys, routes and annotates the app through the scaffolder API', async () => {
    const server = await startScaffolder(env);
    const { task, log } = await runTemplate(
      server,
      'template:default/onboard-app',
      formValues('onboard-app.yaml', {
        name: 'shop',
        owner: 'group:default/platform-team',
        fleet: 'resource:default/ackone-fleet',
        primaryCluster: 'resource:default/idc-k8s',
        standbyCluster: 'resource:default/ack-hangzhou',
        drMode: 'primary-standby',
        minStandbyCapacity: 50,
        host: 'shop.example.com',
        routing: 'weight',
        standbyWeight: 20,
      }),
    );
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    const fleetId = env.sim.world.cloud.fleets[0].clusterId;
    const [shop] = (
      await listFleetApplicationSets(env.ackOne, 'sim', 'cn-hangzhou', fleetId)
    ).filter(a => a.name === 'shop');
    expect(shop.annotations).toMatchObject({
      'backstage.io/owner': 'group:default/platform-team',
      'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
      'ack-one/min-standby-capacity': '50',
    });
    const canary = env.sim.world
      .server('fleet')
      .api.getObj('networking.k8s.io/v1', 'Ingress', 'shop', 'shop-canary');
    expect(
      canary?.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'],
    ).toBe('20');
  });
});
