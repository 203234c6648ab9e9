import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { failoverTestDatabases } from './__testUtils__/databases';
import {
  ALICE,
  api,
  BOB,
  canaryWeight,
  clusterIds,
  eventually,
  FINAL,
  recorders,
  Recorders,
  resetDemo,
  setCanaryWeight,
  startFailoverBackend,
  watchIngressWrites,
} from './__testUtils__/failoverHarness';

jest.setTimeout(120_000);

const databases = failoverTestDatabases(['POSTGRES_15']);
const PAYMENTS = 'component:default/payments';

/**
 * Backend instances sharing one PostgreSQL database, as in a scaled-out
 * deployment: the executor runs in each, and exactly one executes a request.
 */
describe('failover executors sharing one PostgreSQL database', () => {
  let sim: Simulator;
  let dir: string;
  let idc: string;
  let ack: string;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-failover-pg-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
    });
    ({ idc, ack } = clusterIds(sim));
  });

  beforeEach(async () => {
    await resetDemo(sim);
    knex = await databases.init('POSTGRES_15');
  });

  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function instance(rec: Recorders = recorders()) {
    const b = await startFailoverBackend({
      sim,
      rec,
      database: mockServices.database.factory({ knex }),
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await b.stop();
    };
    stops.push(stop);
    const http = api(b.server);
    // its DR cache is connected (the split may be anything by now)
    await eventually(
      () => http.status('payments'),
      st =>
        st.clusters?.length === 2 &&
        st.clusters.every(x => x.reachable) &&
        st.gateway.reachable,
      20_000,
    );
    return { http, rec, stop };
  }

  const split = (i: number, a: number) => ({ [idc]: i, [ack]: a });
  const row = (id: string) => knex('failover_requests').where({ id }).first();

  it('two executors race for one approved request: exactly one executes it, each step written once', async () => {
    const a = await instance();
    const b = await instance();
    const writes = watchIngressWrites(sim, 'payments');
    // both instances see it become runnable at the same moment
    const notBefore = new Date(Date.now() + 1_500).toISOString();
    const created = await a.http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [
        { weights: split(75, 25) },
        { weights: split(50, 50) },
        { weights: split(0, 100) },
      ],
      reason: 'scaled-out drill',
      window: { notBefore },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await b.http.post(`/v1/failovers/${id}/approve`, BOB)).body.state,
    ).toBe('approved');
    const done = await eventually(
      () => a.http.failover(id),
      r => FINAL.includes(r.state),
      30_000,
      100,
    );
    writes.off();
    expect(done.state).toBe('completed');
    expect(writes.writes.map(w => w.weight)).toEqual(['25', '50', '100']);
    expect(done.events.filter(e => e.from === 'approved')).toHaveLength(1);
    expect(
      done.events.filter(e => e.step !== undefined).map(e => e.step),
    ).toEqual([0, 1, 2]);
    const executed = [a.rec, b.rec].map(
      r =>
        r.audits.filter(
          x => x.eventId === 'failover-execute' && x.outcome === 'success',
        ).length,
    );
    expect(executed.sort()).toEqual([0, 1]);
    expect(await row(id)).toMatchObject({
      lease_owner: null,
      lease_until: null,
    });
  });

  it('a backend stopped mid-execution: another one on the same database resumes without applying a step twice', async () => {
    const a = await instance();
    const writes = watchIngressWrites(sim, 'payments');
    const created = await a.http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [
        { weights: split(75, 25), pauseSeconds: 2 },
        { weights: split(50, 50), pauseSeconds: 1 },
        { weights: split(0, 100) },
      ],
      reason: 'drill across a restart',
    });
    const id = created.body.id;
    await a.http.post(`/v1/failovers/${id}/approve`, BOB);
    await eventually(
      () => a.http.failover(id),
      r => r.progress[0]?.state === 'done',
      20_000,
    );
    await a.stop();
    const stored = await row(id);
    expect(stored.state).toBe('executing');
    expect(stored.lease_owner).toBeNull();
    expect(JSON.parse(stored.progress).map((p: any) => p.state)).toEqual([
      'done',
      'pending',
      'pending',
    ]);

    const c = await instance();
    const done = await eventually(
      () => c.http.failover(id),
      r => FINAL.includes(r.state),
      30_000,
      100,
    );
    writes.off();
    expect(done.state).toBe('completed');
    expect(writes.writes.map(w => w.weight)).toEqual(['25', '50', '100']);
    expect(
      done.events.filter(e => e.step !== undefined).map(e => e.step),
    ).toEqual([0, 1, 2]);
    expect(done.events.filter(e => e.from === 'approved')).toHaveLength(1);
    expect(canaryWeight(sim, 'payments')).toBe('100');
  });

  it('an executor that crashed while applying a step: its lease runs out, and the next one finds the step written and does not write it again', async () => {
    const a = await instance();
    const created = await a.http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [
        { weights: split(50, 50), pauseSeconds: 2 },
        { weights: split(0, 100) },
      ],
      reason: 'drill across a crash',
    });
    const id = created.body.id;
    await a.http.post(`/v1/failovers/${id}/approve`, BOB);
    await eventually(
      () => a.http.failover(id),
      r => r.progress[0]?.state === 'done',
      20_000,
    );
    await a.stop();
    // What a crash in the middle of step 2 leaves: the Ingress written, the
    // step recorded as being applied, and the dead instance's lease.
    setCanaryWeight(sim, 'payments', '100');
    const stored = await row(id);
    const progress = JSON.parse(stored.progress);
    progress[1] = {
      index: 1,
      state: 'applying',
      startedAt: new Date().toISOString(),
    };
    const leaseUntil = Date.now() + 1_500;
    await knex('failover_requests')
      .where({ id })
      .update({
        progress: JSON.stringify(progress),
        lease_owner: 'crashed-host',
        lease_until: leaseUntil,
      });
    const writes = watchIngressWrites(sim, 'payments');

    const c = await instance();
    const done = await eventually(
      () => c.http.failover(id),
      r => FINAL.includes(r.state),
      30_000,
      100,
    );
    writes.off();
    expect(done.state).toBe('completed');
    expect(done.progress[1]).toMatchObject({
      state: 'done',
      message: 'in effect: ack-hangzhou 100%',
    });
    expect(writes.writes).toEqual([]);
    // the rules were checked again before the step was resumed
    const step1 = done.events.filter(e => e.step === 1);
    expect(step1).toHaveLength(1);
    expect(step1[0].checks?.every(x => x.passed)).toBe(true);
    // ... once the crashed instance's lease had run out
    expect(Date.parse(step1[0].at)).toBeGreaterThanOrEqual(leaseUntil);
  });
});
