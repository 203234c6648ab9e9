import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  DrBlastRadius,
  DrGatewayOverview,
  DrOverview,
} from '@internal/plugin-ack-one-common';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import request from 'supertest';
import { ackOnePlugin } from '../plugin';
import { simulatorConfig } from '../__testUtils__/simulatorConfig';
import { ackOneEntity } from './__testUtils__/overviewBackend';
import { demoEntities } from '../__testUtils__/demo';

jest.setTimeout(60_000);

describe('ack-one backend: the DR overview of the demo world, from the watch cache', () => {
  let sim: Simulator;
  let dir: string;
  let server: any;
  let stopBackend: () => Promise<void>;
  let idc: string;
  let ack: string;
  let fleet: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-overview-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
    });
    idc = sim.endpoints.clusters.idc.clusterId!;
    ack = sim.endpoints.clusters.ack.clusterId!;
    fleet = sim.endpoints.clusters.fleet.clusterId!;
    const backend = await startTestBackend({
      features: [
        ackOnePlugin,
        catalogServiceMock.factory({
          entities: [
            ...demoEntities,
            ackOneEntity('ackone-fleet', 'ack-one-fleet', {
              'ack-one/cluster-id': fleet,
            }),
          ],
        }),
        simulatorConfig(sim, {
          probeIntervalSeconds: 0.2,
          probeTimeoutSeconds: 0.5,
        }),
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

  const get = (url: string) =>
    request(server)
      .get(`/api/ack-one${url}`)
      .set('authorization', mockCredentials.user.header());

  /** The overview once every cluster of every service answered with its replicas ready. */
  async function settledOverview(): Promise<DrOverview> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await get('/v1/overview');
      expect(res.status).toBe(200);
      const body: DrOverview = res.body;
      const settled =
        body.items.length === 4 &&
        body.items.every(
          r => r.clusters.length === 2 && r.clusters.every(c => c.reachable),
        ) &&
        body.items.every(r => r.clusters.some(c => c.ready > 0));
      if (settled || Date.now() > deadline) return body;
      await new Promise(r => setTimeout(r, 100));
    }
  }

  it('lists the four demo services with their clusters, capacity and serving shares', async () => {
    const body = await settledOverview();
    const row = (name: string) =>
      body.items.find(r => r.entityRef === `component:default/${name}`)!;
    expect(body.items.map(r => r.entityRef).sort()).toEqual([
      'component:default/orders',
      'component:default/payments',
      'component:default/reports',
      'component:default/web-demo',
    ]);
    expect(row('web-demo')).toMatchObject({
      system: 'system:default/demo-shop',
      owner: 'group:default/platform-team',
      mode: 'active-active',
      fleet: { clusterId: fleet, name: 'ackone-fleet' },
    });
    expect(
      row('web-demo')
        .clusters.map(c => c.servingPercent)
        .reduce((a, b) => a + b, 0),
    ).toBeCloseTo(100, 0);
    const ordersAck = row('orders').clusters.find(c => c.clusterId === ack)!;
    expect(ordersAck).toMatchObject({ role: 'standby', ready: 1 });
    expect(row('orders').standbyCapacityPercent).toBeLessThan(100);
    const reportsAck = row('reports').clusters.find(c => c.clusterId === ack)!;
    expect(reportsAck).toMatchObject({ ready: 0, max: 0 });
    expect(
      (await get('/v1/overview?system=demo-shop')).body.items,
    ).toHaveLength(4);
  });

  it('says which services losing the IDC would take down or leave short', async () => {
    await settledOverview();
    const res = await get(`/v1/overview/blast-radius?cluster=${idc}`);
    expect(res.status).toBe(200);
    const body: DrBlastRadius = res.body;
    const impact = (name: string) =>
      body.items.find(i => i.entityRef === `component:default/${name}`)!;
    expect(impact('reports')).toMatchObject({
      impact: 'down',
      reason:
        'Only idc-k8s runs it: no other cluster has a replica or can scale to one.',
    });
    expect(impact('orders').impact).toBe('loses-capacity');
    // the gateway splits orders by ready pods: 3 in the IDC, 1 in ACK
    expect(impact('orders').reason).toBe(
      'ack-hangzhou has 1 ready of the 4 serving now (3 short); even scaled up to 1 (HPA maximum, or desired count without one), 3 replicas would be missing.',
    );
    expect(body.items[0].impact).toBe('down');
  });

  it("shows the Fleet's routes with the services that use them", async () => {
    await settledOverview();
    const res = await get(`/v1/fleets/${fleet}/gateway`);
    expect(res.status).toBe(200);
    const body: DrGatewayOverview = res.body;
    expect(body).toMatchObject({
      fleetId: fleet,
      fleetName: 'ackone-fleet',
      reachable: true,
    });
    expect(Date.parse(body.lastSyncAt!)).toBeGreaterThan(0);
    const web = body.routes.filter(r =>
      r.entityRefs.includes('component:default/web-demo'),
    );
    expect(web.length).toBeGreaterThan(0);
    for (const r of web) {
      expect(r.healthKnown).toBe(true);
      expect(Object.keys(r.effective).sort()).toEqual([ack, idc].sort());
    }
  });
});
