import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { ConfigReader } from '@backstage/config';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import {
  simulatorAccountConfig,
  SimulatorAccountOptions,
} from '@internal/plugin-ack-one-node/testUtils';
import {
  DefaultAckOneInventory,
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import { AckOneEntityProvider } from '@internal/plugin-catalog-backend-module-ack-one';
import { kubernetesModuleAckOneClusterSupplier } from './module';

jest.setTimeout(90_000);

const webDemo: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web-demo',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'web-demo',
      // the simulator labels the workloads `app=web-demo`, not with the
      // kubernetes-id label; the selector annotation takes precedence
      'backstage.io/kubernetes-label-selector': 'app=web-demo',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

// an entity whose annotations point at another service's namespace
const intruder: Entity = {
  ...webDemo,
  metadata: {
    name: 'intruder',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'intruder',
      'backstage.io/kubernetes-namespace': 'payments',
      'backstage.io/kubernetes-label-selector': 'app=payments',
    },
  },
};

type ClusterObjects = {
  cluster: { name: string };
  resources: Array<{ type: string; resources: any[] }>;
  errors: Array<{ errorType: string; message?: string; statusCode?: number }>;
};

function names(item: ClusterObjects, type: string): string[] {
  return (item.resources.find(r => r.type === type)?.resources ?? [])
    .map(o => o.metadata?.name)
    .sort();
}

async function eventually<T>(fn: () => Promise<T>, what: string): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      await new Promise(r => setTimeout(r, 200));
    }
  }
  throw new Error(`${what}: ${last}`);
}

describe('kubernetesModuleAckOneClusterSupplier with the Kubernetes backend', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-k8s-'));
    sim = await startSimulator({
      world: 'demo',
      cloudPort: 0,
      gatewayPort: 0,
      controlPort: 0,
      stateDir: dir,
      podReadyDelayMs: 20,
      gatewayStepMs: 20,
    });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const account = (extra: SimulatorAccountOptions = {}) =>
    simulatorAccountConfig(sim, {
      maxAttempts: 2,
      callTimeoutMs: 5_000,
      ...extra,
    });

  async function start(data: object) {
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        kubernetesModuleAckOneClusterSupplier,
        mockServices.rootConfig.factory({ data }),
        mockServices.auth.factory(),
        mockServices.httpAuth.factory(),
        logger.factory,
        catalogServiceMock.factory({ entities: [webDemo, intruder] }),
      ],
    });
    return { backend, logger, server: backend.server };
  }

  const kubernetes = {
    serviceLocatorMethod: { type: 'multiTenant' },
    // the simulator serves no limitranges/resourcequotas
    objectTypes: ['pods', 'services', 'deployments', 'replicasets'],
    clusterLocatorMethods: [{ type: 'config', clusters: [] }],
    ackOne: { skipMetricsLookup: true },
  };

  it('returns web-demo from both the IDC and the ACK cluster, then an error entry for an offline cluster', async () => {
    const { backend, server, logger } = await start({
      ackOne: { accounts: [account()] },
      kubernetes,
    });
    try {
      // clusters: named like the catalog entities, private IDC endpoint, no credentials
      const clusters = await request(server).get('/api/kubernetes/clusters');
      expect(clusters.status).toBe(200);
      expect(clusters.body.items.map((c: any) => c.name).sort()).toEqual([
        'ack-hangzhou',
        'idc-k8s',
      ]);
      for (const c of clusters.body.items) {
        expect(c.authProvider).toBe('ackOne');
        expect(c.auth).toBeUndefined();
      }

      const fetchObjects = () =>
        request(server)
          .post('/api/kubernetes/services/web-demo')
          .send({ entity: webDemo });

      const ready = await eventually(async () => {
        const res = await fetchObjects();
        expect([res.status, res.status === 200 ? '' : res.body]).toEqual([
          200,
          '',
        ]);
        const items: ClusterObjects[] = res.body.items;
        expect(items.map(i => i.cluster.name).sort()).toEqual([
          'ack-hangzhou',
          'idc-k8s',
        ]);
        for (const item of items) {
          expect(item.errors).toEqual([]);
          expect(names(item, 'deployments')).toEqual(['web-demo']);
          expect(names(item, 'pods')).toHaveLength(2);
          expect(names(item, 'services')).toEqual(['service1']);
        }
        return res;
      }, 'web-demo in both clusters');

      // nothing secret reached the response
      const text = JSON.stringify([clusters.body, ready.body]);
      expect(text).not.toContain(sim.accessKey.accessKeySecret);
      for (const s of ['idc', 'ack']) {
        for (const [token] of sim.world.server(s).tokenEntries()) {
          expect(text).not.toContain(token);
        }
      }

      // the IDC API server goes away: an error entry for it, ACK still answers
      await sim.faults.apiServerOffline('idc', 'refuse');
      try {
        const res = await fetchObjects();
        expect(res.status).toBe(200);
        const items: ClusterObjects[] = res.body.items;
        const idc = items.find(i => i.cluster.name === 'idc-k8s')!;
        const ack = items.find(i => i.cluster.name === 'ack-hangzhou')!;
        expect(idc.errors.length).toBeGreaterThan(0);
        expect(idc.errors[0].errorType).toBe('FETCH_ERROR');
        expect(ack.errors).toEqual([]);
        expect(names(ack, 'deployments')).toEqual(['web-demo']);
      } finally {
        await sim.faults.apiServerOnline('idc');
      }
      expect(logger.error).not.toHaveBeenCalled();
    } finally {
      await backend.stop();
    }
  });

  it('supplies cluster names identical to the catalog entity names, and the Fleet on request', async () => {
    const { backend, server } = await start({
      ackOne: { accounts: [account()] },
      kubernetes: { ...kubernetes, ackOne: { includeFleets: true } },
    });
    try {
      const res = await request(server).get('/api/kubernetes/clusters');
      expect(res.status).toBe(200);
      const supplied: string[] = res.body.items.map((c: any) => c.name).sort();

      // what the catalog provider emits for the same account
      const config = new ConfigReader({
        ackOne: { accounts: [account()] },
        catalog: { providers: { ackOne: { demo: { account: 'sim' } } } },
      });
      const logger = mockServices.logger.mock();
      logger.child.mockReturnValue(logger);
      const ackOne = new DefaultAckOneService({
        accounts: readAckOneAccounts(config),
      });
      const [provider] = AckOneEntityProvider.fromConfig(config, {
        logger,
        scheduler: mockServices.scheduler.mock({
          createScheduledTaskRunner: () => ({ run: jest.fn() }),
        }),
        ackOne,
        inventory: new DefaultAckOneInventory({ ackOne, logger }),
      });
      let entities: Entity[] = [];
      const connection: EntityProviderConnection = {
        applyMutation: async m => {
          entities = (m as any).entities.map((d: any) => d.entity);
        },
        refresh: async () => {},
      };
      await provider.connect(connection);
      await provider.refresh();
      const catalogNames = entities
        .filter(
          e =>
            e.spec?.type === 'kubernetes-cluster' ||
            e.spec?.type === 'ack-one-fleet',
        )
        .map(e => e.metadata.name)
        .sort();
      expect(supplied).toEqual(['ack-hangzhou', 'ackone-fleet', 'idc-k8s']);
      expect(supplied).toEqual(catalogNames);
    } finally {
      await backend.stop();
    }
  });

  it('keeps configured clusters and their auth strategies next to the ACK One ones', async () => {
    const { backend, server } = await start({
      ackOne: { accounts: [account()] },
      kubernetes: {
        ...kubernetes,
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'static',
                url: 'https://static.example.com',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'not-a-real-token',
              },
            ],
          },
        ],
      },
    });
    try {
      const res = await request(server).get('/api/kubernetes/clusters');
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((c: any) => [c.name, c.authProvider]).sort(),
      ).toEqual([
        ['ack-hangzhou', 'ackOne'],
        ['idc-k8s', 'ackOne'],
        ['static', 'serviceAccount'],
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('shows a service only the namespaces labelled for it, unless its account trusts annotations', async () => {
    const fetchFor = (server: any) =>
      eventually(async () => {
        const res = await request(server)
          .post('/api/kubernetes/services/intruder')
          .send({ entity: intruder });
        expect(res.status).toBe(200);
        expect(res.body.items).toHaveLength(2);
        return res.body.items as ClusterObjects[];
      }, 'objects of the intruder');

    const scoped = await start({
      ackOne: { accounts: [account()] },
      kubernetes,
    });
    try {
      for (const item of await fetchFor(scoped.server)) {
        expect(item.resources.flatMap(r => r.resources)).toEqual([]);
        expect(item.errors).toEqual([
          expect.objectContaining({
            errorType: 'UNAUTHORIZED_ERROR',
            statusCode: 403,
          }),
        ]);
      }
    } finally {
      await scoped.backend.stop();
    }

    const trusting = await start({
      ackOne: { accounts: [account({ namespaceScope: 'annotation' })] },
      kubernetes,
    });
    try {
      const items = await fetchFor(trusting.server);
      for (const item of items) {
        expect(item.errors).toEqual([]);
        expect(names(item, 'deployments')).toEqual(['payments']);
      }
    } finally {
      await trusting.backend.stop();
    }
  });

  it('registers nothing and starts cleanly without ackOne.accounts', async () => {
    const { backend, server, logger } = await start({ kubernetes });
    try {
      const res = await request(server).get('/api/kubernetes/clusters');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(/No ackOne.accounts configured/),
      );
      expect(logger.error).not.toHaveBeenCalled();
    } finally {
      await backend.stop();
    }
  });
});
