import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ackOneServiceRef,
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { ackOnePlugin } from './plugin';
import { eventually } from './__testUtils__/failoverHarness';
import { simulatorConfig } from './__testUtils__/simulatorConfig';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';

/** A cluster entity as the ACK One catalog provider writes it. */
function clusterEntity(
  name: string,
  clusterId: string,
  location = 'ack-one',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'ack-one/cluster-id': clusterId,
        'backstage.io/managed-by-location': `${location}:sim/cn-hangzhou/${clusterId}`,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

describe('ack-one backend: cluster health against the simulator', () => {
  let sim: Simulator;
  let dir: string;
  let server: any;
  let stopBackend: () => Promise<void>;
  let ackOne: DefaultAckOneService;

  const idOf = (name: string) => {
    const id = sim.endpoints.clusters[name]?.clusterId;
    if (!id) throw new Error(`no cluster ${name} in the demo world`);
    return id;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-backend-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
    const config = simulatorConfig(sim);
    ackOne = new DefaultAckOneService({
      accounts: readAckOneAccounts(
        new ConfigReader({
          ackOne: {
            accounts: [simulatorAccountConfig(sim, { maxAttempts: 1 })],
          },
        }),
      ),
    });
    const entities = [
      clusterEntity('idc-k8s', idOf('idc')),
      clusterEntity('ack-hangzhou', idOf('ack')),
      clusterEntity('ackone-fleet', idOf('fleet')),
      // known to the catalog, gone from the cloud
      clusterEntity('gone', 'c0000000000000000000000000000gone'),
      // not written by the ACK One provider: does not count
      clusterEntity('forged', idOf('ack').replace(/.$/, 'x'), 'url'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'web-demo',
          namespace: 'default',
          annotations: {
            'backstage.io/kubernetes-id': 'web-demo',
            'ack-one/fleet': 'ackone-fleet',
            'ack-one/cluster-roles': 'active-active',
          },
        },
        spec: { type: 'service', owner: 'group:default/team-a' },
      },
    ];
    const backend = await startTestBackend({
      features: [
        ackOnePlugin,
        catalogServiceMock.factory({ entities }),
        config,
        createServiceFactory({
          service: ackOneServiceRef,
          deps: {},
          factory: () => ackOne,
        }),
        mockServices.permissions.mock({
          // mallory may read the catalog, not cluster health
          authorize: async (requests, options) =>
            requests.map(() => ({
              result:
                (options.credentials.principal as any).userEntityRef === MALLORY
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const health = (clusterId: string, user = ALICE) =>
    request(server)
      .get(`/api/ack-one/v1/clusters/${clusterId}/health`)
      .set('authorization', mockCredentials.user.header(user));

  const inventoryReads = () => ackOne.getCallCounts().DescribeClustersV1 ?? 0;

  it('reports the IDC, the ACK cluster and the Fleet as reachable', async () => {
    for (const name of ['idc', 'ack', 'fleet']) {
      const res = await health(idOf(name));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        clusterId: idOf(name),
        reachable: true,
      });
      expect(Number.isNaN(Date.parse(res.body.checkedAt))).toBe(false);
      expect(Number.isNaN(Date.parse(res.body.lastSyncAt))).toBe(false);
    }
  });

  it('reports a cluster whose API server is down as unreachable, in plain words, as the DR tab does', async () => {
    const drStatus = () =>
      request(server)
        .get('/api/ack-one/v1/entities/component/default/web-demo/dr-status')
        .set('authorization', mockCredentials.user.header(ALICE));
    await eventually(
      () => health(idOf('idc')),
      r => !!r.body.lastSyncAt,
      20_000,
    );
    await sim.faults.apiServerOffline('idc', 'refuse');
    try {
      const res = await eventually(
        () => health(idOf('idc')),
        r => r.body.reachable === false,
        20_000,
      );
      expect(res.status).toBe(200);
      expect(res.body.reachable).toBe(false);
      expect(res.body.message).toMatch(/refused|reset/);
      // the DR tab says the same, from the same watches
      const dr = (await drStatus()).body.clusters.find(
        (c: { clusterId: string }) => c.clusterId === idOf('idc'),
      );
      expect(dr).toMatchObject({ reachable: false });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(sim.accessKey.accessKeySecret);
      expect(text).not.toMatch(/BEGIN CERTIFICATE|token|127\.0\.0\.1|https?:/i);
      // the other cluster is unaffected
      expect((await health(idOf('ack'))).body.reachable).toBe(true);
    } finally {
      await sim.faults.apiServerOnline('idc');
    }
    const back = await eventually(
      () => health(idOf('idc')),
      r => r.body.reachable === true,
      20_000,
    );
    expect(back.body.reachable).toBe(true);
  });

  it('answers 404 at no cloud cost for a cluster the caller may not read, one the catalog does not have, or one from another source', async () => {
    await health(idOf('ack')); // the inventory is loaded
    ackOne.resetCallCounts();
    const denied = await health(idOf('ack'), MALLORY);
    expect(denied.status).toBe(404);
    const unknown = await health('c00000000000000000000000000000000');
    expect(unknown.status).toBe(404);
    const forged = await health(idOf('ack').replace(/.$/, 'x'));
    expect(forged.status).toBe(404);
    // the same message whether it exists or not
    expect(denied.body.error.message).toBe(
      `cluster ${idOf('ack')} is not in the catalog, or you may not read it`,
    );
    expect(ackOne.getCallCounts()).toEqual({});
  });

  it('costs one inventory read for repeated requests about a cluster the cloud no longer has', async () => {
    ackOne.resetCallCounts();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        health('c0000000000000000000000000000gone'),
      ),
    );
    for (const r of results) {
      expect(r.status).toBe(404);
      expect(r.body.error.message).toContain(
        'not in any configured ACK One account',
      );
    }
    expect(await health('c0000000000000000000000000000gone')).toMatchObject({
      status: 404,
    });
    expect(inventoryReads()).toBe(1);
  });

  it('refuses the DR status to a caller the policy denies it, naming the permission', async () => {
    const url = '/api/ack-one/v1/entities/component/default/web-demo/dr-status';
    const denied = await request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header(MALLORY));
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'you may not read the DR status of component:default/web-demo (permission ack-one.dr-status.read)',
    );
    const allowed = await request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(allowed.status).toBe(200);
    expect(allowed.body.entityRef).toBe('component:default/web-demo');
  });

  it('answers 400 for a malformed id', async () => {
    const bad = await health('..%2Fetc');
    expect(bad.status).toBe(400);
  });

  it('refuses anonymous callers', async () => {
    const res = await request(server)
      .get(`/api/ack-one/v1/clusters/${idOf('ack')}/health`)
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
