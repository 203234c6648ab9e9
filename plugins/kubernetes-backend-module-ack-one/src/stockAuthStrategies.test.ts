import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { kubernetesModuleAckOneClusterSupplier } from './module';
import { stockAuthStrategies } from './stockAuthStrategies';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';

jest.setTimeout(60_000);

/**
 * The Kubernetes backend's own default strategies. Not exported: read from
 * its build so that an upgrade adding one fails here until
 * stockAuthStrategies adds it too.
 */
function upstreamDefaultKeys(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const {
    buildDefaultAuthStrategyMap,
  } = require('@backstage/plugin-kubernetes-backend/dist/auth/buildDefaultAuthStrategyMap.cjs.js');
  const map: Map<string, unknown> = buildDefaultAuthStrategyMap({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return [...map.keys()].sort();
}

/** A config cluster per stock `authProvider`, with what each one requires. */
function configClusters(keys: string[]) {
  return keys.map(key => ({
    name: `stock-${key}`,
    url: 'https://127.0.0.1:6443',
    authProvider: key,
    ...(key === 'oidc' ? { oidcTokenProvider: 'okta' } : {}),
    ...(key === 'serviceAccount' ? { serviceAccountToken: 'token' } : {}),
  }));
}

type ClusterItem = { name: string; authProvider: string };

describe('stock auth strategies next to ackOne', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-k8s-auth-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function listClusters(clusters: object[]) {
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        kubernetesModuleAckOneClusterSupplier,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [{ type: 'config', clusters }],
            },
            ackOne: {
              accounts: [simulatorAccountConfig(sim)],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    try {
      return await request(backend.server).get('/api/kubernetes/clusters');
    } finally {
      await backend.stop();
    }
  }

  it('builds the same strategies as the Kubernetes backend by default', () => {
    const ours = stockAuthStrategies({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    });
    expect([...ours.keys()].sort()).toEqual(upstreamDefaultKeys());
  });

  it('keeps every stock authProvider working and adds ackOne', async () => {
    // the Kubernetes backend validates config clusters as it starts: an
    // authProvider without a strategy fails the start (see below)
    const keys = upstreamDefaultKeys();
    const res = await listClusters(configClusters(keys));
    expect(res.status).toBe(200);
    const items: ClusterItem[] = res.body.items;
    for (const key of keys) {
      expect(items).toContainEqual(
        expect.objectContaining({ name: `stock-${key}`, authProvider: key }),
      );
    }
    // the demo world's IDC and ACK clusters, through the ackOne strategy
    const ackOne = items.filter(c => c.authProvider === 'ackOne');
    expect(ackOne.map(c => c.name)).toEqual(
      expect.arrayContaining(['idc-k8s', 'ack-hangzhou']),
    );
  });

  it('still refuses to start with a cluster no strategy serves', async () => {
    await expect(
      listClusters([
        ...configClusters(['serviceAccount']),
        { name: 'nobody', url: 'https://127.0.0.1:6443', authProvider: 'nope' },
      ]),
    ).rejects.toThrow(/Invalid cluster 'nobody': authProvider "nope"/);
  });
});
