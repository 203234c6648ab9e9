import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { ackOnePlugin } from './plugin';
import { simulatorConfig } from './__testUtils__/simulatorConfig';

jest.setTimeout(60_000);

describe('ack-one backend: cluster health against the simulator', () => {
  let sim: Simulator;
  let dir: string;
  let server: any;
  let stopBackend: () => Promise<void>;

  const idOf = (name: string) => {
    const id = sim.endpoints.clusters[name]?.clusterId;
    if (!id) throw new Error(`no cluster ${name} in the demo world`);
    return id;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-backend-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
    const backend = await startTestBackend({
      features: [
        ackOnePlugin,
        catalogServiceMock.factory(),
        simulatorConfig(sim),
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

  const health = (clusterId: string) =>
    request(server)
      .get(`/api/ack-one/v1/clusters/${clusterId}/health`)
      .set('authorization', mockCredentials.user.header());

  it('reports the IDC, the ACK cluster and the Fleet as reachable', async () => {
    for (const name of ['idc', 'ack', 'fleet']) {
      const res = await health(idOf(name));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        clusterId: idOf(name),
        reachable: true,
      });
      expect(typeof res.body.latencyMs).toBe('number');
      expect(Number.isNaN(Date.parse(res.body.checkedAt))).toBe(false);
    }
  });

  it('reports a cluster whose API server is down as unreachable, with a reason and no secret', async () => {
    await sim.faults.apiServerOffline('idc', 'refuse');
    try {
      const res = await health(idOf('idc'));
      expect(res.status).toBe(200);
      expect(res.body.reachable).toBe(false);
      expect(res.body.message).toEqual(expect.any(String));
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(sim.accessKey.accessKeySecret);
      expect(text).not.toMatch(/BEGIN CERTIFICATE|token/i);
      // the other cluster is unaffected
      expect((await health(idOf('ack'))).body.reachable).toBe(true);
    } finally {
      await sim.faults.apiServerOnline('idc');
    }
    expect((await health(idOf('idc'))).body.reachable).toBe(true);
  });

  it('answers 404 for a cluster no account knows and 400 for a malformed id', async () => {
    const unknown = await health('c00000000000000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain(
      'not in any configured ACK One account',
    );
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
