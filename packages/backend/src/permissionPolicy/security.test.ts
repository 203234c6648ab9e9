import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import type { Entity } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/ack-one-simulator';
import ackOnePlugin from '@internal/plugin-ack-one-backend';
import kubernetesAckOneModule from '@internal/plugin-kubernetes-backend-module-ack-one';
import { permissionModuleAckOnePolicy } from './module';

jest.setTimeout(90_000);

const ALICE = 'user:default/alice';
const ROOT = 'user:default/root';
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-a'],
  [ROOT]: ['group:default/platform-admins'],
};

/** Users belong to the groups above, as the catalog would say. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  }),
});

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web-demo',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'web-demo',
      'backstage.io/kubernetes-namespace': 'web-demo',
      'ack-one/fleet': 'ackone-fleet',
      'ack-one/cluster-roles': 'active-active',
    },
  },
  spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'x' },
};

describe('the portal policy on a started backend', () => {
  let sim: Simulator;
  let dir: string;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-policy-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleAckOnePolicy,
        permissionsServiceFactory,
        userInfoFactory,
        kubernetesPlugin,
        kubernetesAckOneModule,
        ackOnePlugin,
        catalogServiceMock.factory({ entities: [service] }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            ackOne: {
              permissionPolicy: { admins: ['group:default/platform-admins'] },
              accounts: [
                {
                  id: 'sim',
                  regions: ['cn-hangzhou'],
                  endpoint: new URL(sim.endpoints.openApi).host,
                  protocol: 'http',
                  maxAttempts: 1,
                  credentials: { type: 'access_key', ...sim.accessKey },
                },
              ],
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              objectTypes: ['pods', 'services', 'deployments'],
              clusterLocatorMethods: [{ type: 'config', clusters: [] }],
              ackOne: { skipMetricsLookup: true },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const proxy = (user?: string) => {
    const req = request(server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set('Backstage-Kubernetes-Cluster', 'idc-k8s');
    return req.set(
      'authorization',
      user ? mockCredentials.user.header(user) : mockCredentials.none.header(),
    );
  };

  it('refuses the Kubernetes proxy to a user who is not an admin, and lets an admin through', async () => {
    const denied = await proxy(ALICE);
    expect(denied.status).toBe(403);
    expect(JSON.stringify(denied.body)).not.toContain('web-demo');

    const allowed = await proxy(ROOT);
    expect(allowed.status).toBe(200);
    expect(allowed.body.items.map((n: any) => n.metadata.name)).toContain(
      'web-demo',
    );
  });

  it('answers 401 on every ack-one route to a caller without an identity', async () => {
    const idc = sim.endpoints.clusters.idc!.clusterId;
    for (const url of [
      `/api/ack-one/v1/clusters/${idc}/health`,
      '/api/ack-one/v1/entities/component/default/web-demo/dr-status',
    ]) {
      const res = await request(server)
        .get(url)
        .set('authorization', mockCredentials.none.header());
      expect([url, res.status]).toEqual([url, 401]);
    }
    expect((await proxy(undefined)).status).toBe(401);
  });

  it('lets a signed-in user read the DR status through the permission framework', async () => {
    const res = await request(server)
      .get('/api/ack-one/v1/entities/component/default/web-demo/dr-status')
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/web-demo');
  });
});
