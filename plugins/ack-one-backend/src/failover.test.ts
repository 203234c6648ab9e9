import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FailoverRequest } from '@internal/plugin-ack-one-common';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import {
  ALICE,
  api,
  BOB,
  CAROL,
  canaryWeight,
  clusterIds,
  eventually,
  FINAL,
  recorders,
  Recorders,
  resetDemo,
  setCanaryWeight,
  settledAt,
  startFailoverBackend,
  watchIngressWrites,
  WEB_DEMO,
} from './__testUtils__/failoverHarness';

jest.setTimeout(90_000);

const PAYMENTS = 'component:default/payments';

describe('failover workflow over HTTP on the simulator (SQLite)', () => {
  let sim: Simulator;
  let dir: string;
  let idc: string;
  let ack: string;
  let rec: Recorders;
  let server: any;
  let stop: () => Promise<void>;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-failover-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
    });
    ({ idc, ack } = clusterIds(sim));
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await resetDemo(sim);
    rec = recorders();
    ({ server, stop } = await startFailoverBackend({ sim, rec }));
    http = api(server);
    const web = await eventually(
      () => http.status('web-demo'),
      settledAt({ [idc]: 50, [ack]: 50 }),
      20_000,
    );
    if (!settledAt({ [idc]: 50, [ack]: 50 })(web))
      throw new Error(
        `web-demo did not settle at 50/50: ${JSON.stringify(web)}`,
      );
    const pay = await eventually(
      () => http.status('payments'),
      settledAt({ [idc]: 100 }),
      20_000,
    );
    if (!settledAt({ [idc]: 100 })(pay))
      throw new Error(
        `payments did not settle at 100/0: ${JSON.stringify(pay)}`,
      );
  });

  afterEach(async () => {
    await stop?.();
  });

  const split = (i: number, a: number) => ({ [idc]: i, [ack]: a });

  const finished = (id: string, timeoutMs = 30_000) =>
    eventually(
      () => http.failover(id),
      r => FINAL.includes(r.state),
      timeoutMs,
      100,
    );

  /** alice requests, bob approves, and it runs to its end. */
  async function requestAndApprove(
    body: Record<string, unknown>,
  ): Promise<FailoverRequest> {
    const created = await http.post('/v1/failovers', ALICE, body);
    expect(created.status).toBe(201);
    const approved = await http.post(
      `/v1/failovers/${created.body.id}/approve`,
      BOB,
      { reason: 'looks right' },
    );
    expect(approved.status).toBe(200);
    return finished(created.body.id);
  }

  it('two owners: alice requests IDC 0 / ACK 100 with warm-up, bob approves, it executes and completes', async () => {
    const writes = watchIngressWrites(sim, 'web-demo');
    const body = {
      entityRef: WEB_DEMO,
      steps: [{ weights: split(0, 100) }],
      reason: 'IDC power maintenance',
      warmUp: true,
    };
    const checks = await http.post('/v1/failovers/checks', ALICE, body);
    expect(checks.status).toBe(200);
    expect(checks.body.checks.every((c: any) => c.passed)).toBe(true);
    expect(checks.body.predicted).toEqual(
      expect.arrayContaining([
        {
          clusterId: ack,
          name: 'ack-hangzhou',
          weight: 100,
          requiredReplicas: 4,
          readyReplicas: 2,
          maxReplicas: 4,
        },
      ]),
    );

    const created = await http.post('/v1/failovers', ALICE, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      entityRef: WEB_DEMO,
      state: 'requested',
      requestedBy: ALICE,
      warmUp: true,
      emergency: false,
      rtoSeconds: 300,
      progress: [{ index: 0, state: 'pending' }],
    });
    expect(created.body.events[0]).toMatchObject({
      actor: ALICE,
      to: 'requested',
      reason: 'IDC power maintenance',
    });
    expect(created.body.events[0].snapshot.effective).toEqual(split(50, 50));

    const approved = await http.post(
      `/v1/failovers/${created.body.id}/approve`,
      BOB,
      { reason: 'go' },
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: BOB });

    const done = await finished(created.body.id);
    expect(done.state).toBe('completed');
    expect(done.previous).toEqual(split(50, 50));
    expect(done.progress[0]).toMatchObject({ state: 'done' });
    expect(done.durationSeconds).toBeGreaterThan(0);
    expect(done.rtoSeconds).toBe(300);
    expect(done.events.map(e => [e.to, e.step])).toEqual([
      ['requested', undefined],
      ['approved', undefined],
      ['executing', undefined],
      ['executing', 0],
      ['executing', 0],
      ['completed', undefined],
    ]);
    expect(done.events[3].reason).toBe(
      'warm-up: ack-hangzhou Deployment web-demo/web-demo 2 → 4 replicas ready',
    );
    expect(done.events[4].checks?.every(c => c.passed)).toBe(true);

    // the gateway carries the target, and ACK was scaled to carry it
    const s = await http.status('web-demo');
    expect(s.gateway.routes[0].effective).toEqual({ [ack]: 100 });
    expect(canaryWeight(sim, 'web-demo')).toBe('100');
    const ackApi = sim.world.server('ack').api;
    expect(
      ackApi.getObj('apps/v1', 'Deployment', 'web-demo', 'web-demo').spec
        .replicas,
    ).toBe(4);
    expect(
      ackApi.getObj(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'web-demo',
        'web-demo',
      ).spec.minReplicas,
    ).toBe(4);
    expect(writes.writes).toEqual([
      expect.objectContaining({ type: 'MODIFIED', name: 'web-demo-canary' }),
    ]);
    writes.off();

    // audited, notified, signalled
    const ids = rec.audits.map(a => `${a.eventId}:${a.outcome}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'failover-request:success',
        'failover-approve:success',
        'failover-execute:success',
        'failover-complete:success',
      ]),
    );
    const sends = rec.send.mock.calls.map(c => c[0] as any);
    expect(sends.map(s1 => s1.payload.title)).toEqual(
      expect.arrayContaining([
        'Failover of web-demo requested by alice',
        'Failover of web-demo approved by bob',
        'Failover of web-demo completed',
      ]),
    );
    for (const s1 of sends)
      expect(s1).toMatchObject({
        recipients: { type: 'entity', entityRef: WEB_DEMO },
        payload: {
          link: '/catalog/default/component/web-demo/disaster-recovery',
          topic: 'ack-one-failover',
        },
      });
    expect(rec.publish).toHaveBeenCalledWith({
      recipients: {
        type: 'user',
        entityRef: ['group:default/platform-team', ALICE],
      },
      channel: 'ack-one:failover',
      message: { id: created.body.id, entityRef: WEB_DEMO, state: 'completed' },
    });
  });

  it('failing back restores the previous split', async () => {
    const out = await requestAndApprove({
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    });
    expect(out.state).toBe('completed');
    expect(out.previous).toEqual(split(100, 0));
    expect(canaryWeight(sim, 'payments')).toBe('100');
    const back = await requestAndApprove({
      entityRef: PAYMENTS,
      steps: [{ weights: out.previous }],
      reason: 'drill over: fail back',
    });
    expect(back.state).toBe('completed');
    expect(back.previous).toEqual(split(0, 100));
    expect(canaryWeight(sim, 'payments')).toBe('0');
    const s = await http.status('payments');
    expect(s.gateway.routes[0].effective).toEqual({ [idc]: 100 });
    expect(s.gateway.routes[0].declared).toEqual(split(100, 0));
  });

  it('three users: carol, who owns nothing, may neither request nor decide; bob rejects with a reason', async () => {
    const body = {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    };
    const denied = await http.post('/v1/failovers', CAROL, body);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'you may not request a failover of component:default/payments (permission ack-one.failover.request)',
    );
    const created = await http.post('/v1/failovers', ALICE, body);
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (const action of ['approve', 'reject']) {
      const res = await http.post(`/v1/failovers/${id}/${action}`, CAROL, {
        reason: 'mine now',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `you may not ${action} failovers of component:default/payments (permission ack-one.failover.approve)`,
      );
    }
    const cancel = await http.post(`/v1/failovers/${id}/cancel`, CAROL, {});
    expect(cancel.status).toBe(403);
    // she may read it
    expect((await http.get(`/v1/failovers/${id}`, CAROL)).status).toBe(200);
    const rejected = await http.post(`/v1/failovers/${id}/reject`, BOB, {
      reason: 'not during the sale',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', decidedBy: BOB });
    expect(rejected.body.events[1]).toMatchObject({
      actor: BOB,
      from: 'requested',
      to: 'rejected',
      reason: 'not during the sale',
    });
    expect(canaryWeight(sim, 'payments')).toBe('0');
    const failedAudits = rec.audits.filter(a => a.outcome === 'fail');
    expect(failedAudits.map(a => a.eventId).sort()).toEqual([
      'failover-approve',
      'failover-cancel',
      'failover-reject',
      'failover-request',
    ]);
  });

  it('refuses self-approval: another owner must approve', async () => {
    const created = await http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    });
    const res = await http.post(
      `/v1/failovers/${created.body.id}/approve`,
      ALICE,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'you requested this failover; another owner must approve it',
    );
    expect((await http.failover(created.body.id)).state).toBe('requested');
  });

  it('two approvals racing: exactly one wins, the other gets 409', async () => {
    const created = await http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    });
    const id = created.body.id;
    const results = await Promise.all([
      http.post(`/v1/failovers/${id}/approve`, BOB, { reason: 'first' }),
      http.post(`/v1/failovers/${id}/approve`, BOB, { reason: 'second' }),
    ]);
    expect(results.map(r => r.status).sort()).toEqual([200, 409]);
    const lost = results.find(r => r.status === 409)!;
    expect(lost.body.error.message).toMatch(
      new RegExp(
        `^failover ${id} is (approved|executing|completed) by user:default/bob; only a requested failover can be approved$`,
      ),
    );
    const done = await finished(id);
    expect(done.state).toBe('completed');
    expect(done.events.filter(e => e.to === 'approved')).toHaveLength(1);
  });

  it('stepwise 25 → 50 → 100: each step written once, checked, verified and recorded', async () => {
    const writes = watchIngressWrites(sim, 'payments');
    const done = await requestAndApprove({
      entityRef: PAYMENTS,
      steps: [
        { weights: split(75, 25), pauseSeconds: 0.3 },
        { weights: split(50, 50), pauseSeconds: 0.3 },
        { weights: split(0, 100) },
      ],
      reason: 'gradual move',
    });
    writes.off();
    expect(done.state).toBe('completed');
    expect(done.progress.map(p => p.state)).toEqual(['done', 'done', 'done']);
    const times = done.progress.map(p => [
      Date.parse(p.startedAt!),
      Date.parse(p.finishedAt!),
    ]);
    for (const [startedAt, finishedAt] of times)
      expect(finishedAt).toBeGreaterThanOrEqual(startedAt);
    // each step starts after the previous one's pause
    expect(times[1][0] - times[0][1]).toBeGreaterThanOrEqual(300);
    expect(times[2][0] - times[1][1]).toBeGreaterThanOrEqual(300);
    expect(done.progress[1].message).toBe(
      'in effect: idc-k8s 50% / ack-hangzhou 50%',
    );
    const steps = done.events.filter(e => e.step !== undefined);
    expect(steps.map(e => e.step)).toEqual([0, 1, 2]);
    for (const e of steps) {
      expect(e.checks?.map(c => c.rule)).toEqual(
        expect.arrayContaining([
          'traffic-kept',
          'capacity',
          'gateway-listening',
        ]),
      );
      expect(e.snapshot).toBeDefined();
    }
    expect(steps[2].snapshot?.effective).toEqual(split(50, 50));
    expect(writes.writes.map(w => [w.name, w.weight])).toEqual([
      ['payments-canary', '25'],
      ['payments-canary', '50'],
      ['payments-canary', '100'],
    ]);
  });

  it('verification failure (the target cluster has no ready pod) rolls back the Ingress and the warm-up', async () => {
    const fleet = sim.world.server('fleet').api.store;
    const off = fleet.onEvent((ev: any) => {
      if (
        ev.obj?.metadata?.name === 'web-demo-canary' &&
        ev.obj.metadata.annotations?.[
          'nginx.ingress.kubernetes.io/canary-weight'
        ] === '100'
      )
        sim.faults.podsReady('ack', false, 'web-demo');
    });
    try {
      const done = await requestAndApprove({
        entityRef: WEB_DEMO,
        steps: [{ weights: split(0, 100) }],
        reason: 'drill',
        warmUp: true,
      });
      expect(done.state).toBe('rolled-back');
      expect(done.progress[0].state).toBe('failed');
      expect(done.progress[0].message).toMatch(
        /^step 1: idc-k8s 0% \/ ack-hangzhou 100% was not in effect within 4 s \(the gateway shows .*idc-k8s 100%/,
      );
      const last = done.events[done.events.length - 1];
      expect(last).toMatchObject({
        from: 'executing',
        to: 'rolled-back',
        actor: 'system',
      });
    } finally {
      off();
    }
    expect(canaryWeight(sim, 'web-demo')).toBe('50');
    const ackApi = sim.world.server('ack').api;
    expect(
      ackApi.getObj('apps/v1', 'Deployment', 'web-demo', 'web-demo').spec
        .replicas,
    ).toBe(2);
    expect(
      ackApi.getObj(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'web-demo',
        'web-demo',
      ).spec.minReplicas,
    ).toBe(2);
    const sends = rec.send.mock.calls.map(c => (c[0] as any).payload);
    expect(sends).toContainEqual(
      expect.objectContaining({
        title: 'Failover of web-demo rolled back',
        severity: 'high',
      }),
    );
    expect(rec.audits.map(a => `${a.eventId}:${a.outcome}`)).toContain(
      'failover-rollback:success',
    );
  });

  it('an Ingress changed by someone else between steps stops the failover and rolls back, with a message', async () => {
    const created = await http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [
        { weights: split(50, 50), pauseSeconds: 2 },
        { weights: split(0, 100) },
      ],
      reason: 'gradual move',
    });
    const id = created.body.id;
    await http.post(`/v1/failovers/${id}/approve`, BOB);
    const first = await eventually(
      () => http.failover(id),
      r => r.progress[0]?.state === 'done',
      20_000,
    );
    expect(first.progress[0].state).toBe('done');
    setCanaryWeight(sim, 'payments', '30');
    const done = await finished(id);
    expect(done.state).toBe('rolled-back');
    expect(done.progress.map(p => p.state)).toEqual(['rolled-back', 'failed']);
    expect(done.events[done.events.length - 1].reason).toBe(
      'Ingress payments/payments-canary was changed by someone else during the failover: canary-weight is "30", expected "50"',
    );
    // restored to the state recorded before the first step
    expect(canaryWeight(sim, 'payments')).toBe('0');
  });

  it('emergency: approved at once by a requester who may override, audited and notified as critical', async () => {
    const body = {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'IDC is on fire',
      emergency: true,
    };
    const bob = await http.post('/v1/failovers', BOB, body);
    expect(bob.status).toBe(403);
    expect(bob.body.error.message).toBe(
      'you may not execute an emergency failover without a second approval of component:default/payments (permission ack-one.failover.override)',
    );
    const created = await http.post('/v1/failovers', ALICE, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'approved',
      emergency: true,
      decidedBy: ALICE,
    });
    expect(created.body.events.map((e: any) => [e.actor, e.to])).toEqual([
      [ALICE, 'requested'],
      [ALICE, 'approved'],
    ]);
    const done = await finished(created.body.id);
    expect(done.state).toBe('completed');
    expect(canaryWeight(sim, 'payments')).toBe('100');
    const severities = rec.audits
      .filter(a => a.outcome === 'success')
      .map(a => `${a.eventId}:${a.severityLevel}`);
    expect(severities).toEqual(
      expect.arrayContaining([
        'failover-request:critical',
        'failover-execute:critical',
        'failover-complete:critical',
      ]),
    );
    expect(rec.send.mock.calls.map(c => (c[0] as any).payload)).toContainEqual(
      expect.objectContaining({
        title: 'Emergency failover of payments by alice',
        severity: 'critical',
      }),
    );
  });

  it('refuses a plan the safety rules reject with 409, listing the failed checks with their numbers', async () => {
    const noWarmUp = await http.post('/v1/failovers', ALICE, {
      entityRef: WEB_DEMO,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    });
    expect(noWarmUp.status).toBe(409);
    expect(noWarmUp.body.error.message).toBe(
      'The failover is refused by 1 safety check: (1) capacity: ack-hangzhou cannot carry 100% of the traffic: it needs 4 ready replicas (a load of 4 × 100% of the traffic × 100% minimum capacity), and has 2 ready; with warm-up it could scale to 4.',
    );
    const orders = await http.post('/v1/failovers', ALICE, {
      entityRef: 'component:default/orders',
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
      warmUp: true,
    });
    expect(orders.status).toBe(409);
    expect(orders.body.error.message).toContain(
      '(1) capacity: ack-hangzhou cannot carry 100% of the traffic: it needs 4 ready replicas (a load of 4 × 100% of the traffic × 100% minimum capacity), and can scale to 1 at most',
    );

    // the gateway is not listening
    const fleetApi = sim.world.server('fleet').api;
    const cfg = fleetApi.getObj(
      'mse.alibabacloud.com/v1alpha1',
      'MseIngressConfig',
      undefined,
      'ackone-gateway-hangzhou',
    );
    fleetApi.setStatus(cfg, { ...cfg.status, status: 'Running' });
    try {
      await new Promise(r => setTimeout(r, 3_100)); // the gateway status is kept 3 s
      const res = await http.post('/v1/failovers', ALICE, {
        entityRef: PAYMENTS,
        steps: [{ weights: split(0, 100) }],
        reason: 'drill',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'The failover is refused by 1 safety check: (1) gateway-listening: The Fleet gateway ackone-gateway-hangzhou is Running, not Listening: it would not apply the new weights.',
      );
    } finally {
      const now = fleetApi.getObj(
        'mse.alibabacloud.com/v1alpha1',
        'MseIngressConfig',
        undefined,
        'ackone-gateway-hangzhou',
      );
      fleetApi.setStatus(now, { ...now.status, status: 'Listening' });
    }

    // the target cluster is unreachable
    await sim.faults.apiServerOffline('ack', 'refuse');
    const down = await eventually(
      () => http.status('payments'),
      st => st.clusters.find(c => c.clusterId === ack)?.reachable === false,
      10_000,
    );
    expect(down.clusters.find(c => c.clusterId === ack)?.reachable).toBe(false);
    const unreachable = await http.post('/v1/failovers/checks', ALICE, {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    });
    expect(unreachable.status).toBe(200);
    const failed = unreachable.body.checks.filter((c: any) => !c.passed);
    expect(failed[0]).toMatchObject({
      rule: 'targets-reachable',
      clusterId: ack,
      numbers: { share: 100, reachable: 0 },
    });
    expect(failed[0].message).toMatch(
      /^ack-hangzhou, which would carry up to 100% of the traffic, is unreachable/,
    );
  });

  it('keeps one failover of a service at a time: a second one cannot be approved while one waits for its window', async () => {
    const later = new Date(Date.now() + 120_000).toISOString();
    const a = await http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'tonight',
      window: { notBefore: later },
    });
    const b = await http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [{ weights: split(50, 50) }],
      reason: 'other plan',
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    const okA = await http.post(`/v1/failovers/${a.body.id}/approve`, BOB);
    expect(okA.body.state).toBe('approved');
    const noB = await http.post(`/v1/failovers/${b.body.id}/approve`, BOB);
    expect(noB.status).toBe(409);
    expect(noB.body.error.message).toBe(
      `The failover is refused by 1 safety check: (1) no-other-failover: Another failover of this service is approved (request ${a.body.id}); wait until it ends, or cancel it.`,
    );
    // it waits for its window
    await new Promise(r => setTimeout(r, 600));
    expect((await http.failover(a.body.id)).state).toBe('approved');
    // bob, an approver, may cancel alice's approved request before it starts
    const cancelled = await http.post(
      `/v1/failovers/${a.body.id}/cancel`,
      BOB,
      { reason: 'not tonight' },
    );
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      decidedBy: BOB,
    });
    const again = await http.post(`/v1/failovers/${a.body.id}/cancel`, ALICE);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `failover ${a.body.id} is cancelled by user:default/bob; only a requested or approved failover can be cancelled`,
    );
    // the requester may cancel her own
    const own = await http.post(`/v1/failovers/${b.body.id}/cancel`, ALICE);
    expect(own.body.state).toBe('cancelled');
    expect(canaryWeight(sim, 'payments')).toBe('0');
  });

  it('refuses every bad input with a 400 whose message names the field', async () => {
    const ok = {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    };
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const sooner = new Date(Date.now() + 1_800_000).toISOString();
    const created = await http.post('/v1/failovers', ALICE, ok);
    const id = created.body.id;
    const post = (body: unknown) => http.post('/v1/failovers', ALICE, body);
    const cases: Array<[string, () => Promise<any>, number, string | RegExp]> =
      [
        ['body is not an object', () => post([ok]), 400, /body/],
        [
          'entityRef missing',
          () => post({ ...ok, entityRef: undefined }),
          400,
          /entityRef/,
        ],
        [
          'entityRef malformed',
          () => post({ ...ok, entityRef: 'web demo' }),
          400,
          'entityRef is "web demo", which is not an entity reference like component:default/web-demo',
        ],
        [
          'unknown entity',
          () => post({ ...ok, entityRef: 'component:default/nope' }),
          404,
          'component:default/nope is not in the catalog, or you may not read it',
        ],
        [
          'steps empty',
          () => post({ ...ok, steps: [] }),
          400,
          'steps must list at least one step',
        ],
        [
          'more than 10 steps',
          () =>
            post({
              ...ok,
              steps: Array.from({ length: 11 }, () => ({
                weights: split(0, 100),
              })),
            }),
          400,
          'steps has 11 steps; a plan has at most 10',
        ],
        [
          'weights do not sum to 100',
          () =>
            post({
              ...ok,
              steps: [{ weights: split(50, 50) }, { weights: split(40, 50) }],
            }),
          400,
          'steps[1].weights sum to 90; the weights of a step must sum to 100',
        ],
        [
          'negative weight',
          () => post({ ...ok, steps: [{ weights: split(100, -10) }] }),
          400,
          `steps[0].weights.${ack} is -10; a weight cannot be negative`,
        ],
        [
          'fractional weight',
          () => post({ ...ok, steps: [{ weights: split(49.5, 50.5) }] }),
          400,
          `steps[0].weights.${idc} is 49.5; weights are whole percentages`,
        ],
        [
          'weight over 100',
          () => post({ ...ok, steps: [{ weights: { [idc]: 150 } }] }),
          400,
          `steps[0].weights.${idc} is 150; a weight is at most 100`,
        ],
        [
          'weight not a number',
          () => post({ ...ok, steps: [{ weights: { [idc]: '100' } }] }),
          400,
          /weights/,
        ],
        [
          'weights empty',
          () => post({ ...ok, steps: [{ weights: {} }] }),
          400,
          'steps[0].weights is empty; give each cluster its share of the traffic',
        ],
        [
          'no cluster keeps traffic',
          () => post({ ...ok, steps: [{ weights: split(0, 0) }] }),
          400,
          'steps[0].weights give no cluster any traffic; at least one cluster must keep traffic',
        ],
        [
          'unknown cluster',
          () =>
            post({
              ...ok,
              steps: [
                {
                  weights: { [idc]: 50, c0000000000000000000000000000dead: 50 },
                },
              ],
            }),
          400,
          `steps[0].weights.c0000000000000000000000000000dead names a cluster that is not a member of the service's Fleet ackone-fleet (members: idc-k8s (${idc}), ack-hangzhou (${ack}))`,
        ],
        [
          'negative pause',
          () =>
            post({
              ...ok,
              steps: [{ weights: split(0, 100), pauseSeconds: -1 }],
            }),
          400,
          'steps[0].pauseSeconds is -1; pause between 0 and 3600 seconds',
        ],
        [
          'reason missing',
          () => post({ ...ok, reason: undefined }),
          400,
          /reason/,
        ],
        [
          'reason empty',
          () => post({ ...ok, reason: '   ' }),
          400,
          'reason is empty; say why',
        ],
        [
          'window not a time',
          () => post({ ...ok, window: { notBefore: 'tomorrow' } }),
          400,
          'window.notBefore must be an ISO 8601 time, e.g. 2026-05-01T22:00:00Z',
        ],
        [
          'window starts in the past',
          () => post({ ...ok, window: { notBefore: past } }),
          400,
          /^window\.notBefore is .*, in the past/,
        ],
        [
          'window ends in the past',
          () => post({ ...ok, window: { notAfter: past } }),
          400,
          /^window\.notAfter is .*, in the past/,
        ],
        [
          'window ends before it starts',
          () => post({ ...ok, window: { notBefore: soon, notAfter: sooner } }),
          400,
          /^window\.notAfter is .*, not after window\.notBefore/,
        ],
        [
          'warmUp not a boolean',
          () => post({ ...ok, warmUp: 'yes' }),
          400,
          /warmUp/,
        ],
        [
          'service without a DR setup',
          () => post({ ...ok, entityRef: 'component:default/no-dr' }),
          400,
          /^entityRef component:default\/no-dr has no usable DR setup: ack-one\/fleet is missing/,
        ],
        [
          'service without a gateway route',
          () => post({ ...ok, entityRef: 'component:default/no-route' }),
          400,
          'entityRef component:default/no-route cannot fail over: the service has no route on the Fleet gateway (no Ingress of the service is served by it), so there is no traffic to shift',
        ],
        [
          'checks with a bad plan',
          () =>
            http.post('/v1/failovers/checks', ALICE, {
              ...ok,
              steps: [{ weights: split(60, 60) }],
            }),
          400,
          'steps[0].weights sum to 120; the weights of a step must sum to 100',
        ],
        [
          'list without entityRef',
          () => http.get('/v1/failovers'),
          400,
          /entityRef/,
        ],
        [
          'list with a bad limit',
          () => http.get(`/v1/failovers?entityRef=${PAYMENTS}&limit=0`),
          400,
          'limit is "0"; give a whole number from 1 to 100',
        ],
        [
          'list with a bad cursor',
          () => http.get(`/v1/failovers?entityRef=${PAYMENTS}&cursor=abc`),
          400,
          'cursor is not one this API returned (use nextCursor of the previous page)',
        ],
        [
          'list with an unknown parameter',
          () => http.get(`/v1/failovers?entityRef=${PAYMENTS}&sort=asc`),
          400,
          /sort/,
        ],
        [
          'malformed id',
          () => http.get('/v1/failovers/not-an-id'),
          400,
          'id "not-an-id" is not a failover request id',
        ],
        [
          'unknown id',
          () => http.get('/v1/failovers/00000000-0000-4000-8000-000000000000'),
          404,
          'failover 00000000-0000-4000-8000-000000000000 does not exist, or you may not read it',
        ],
        [
          'reject without a reason',
          () => http.post(`/v1/failovers/${id}/reject`, BOB, {}),
          400,
          'reason is missing; say why',
        ],
        [
          'reason not text',
          () => http.post(`/v1/failovers/${id}/approve`, BOB, { reason: 42 }),
          400,
          /reason/,
        ],
      ];
    const wrong: string[] = [];
    for (const [label, call, status, message] of cases) {
      const res = await call();
      const text: string = res.body?.error?.message ?? '';
      const matches =
        typeof message === 'string' ? text === message : message.test(text);
      const name = res.body?.error?.name;
      if (
        res.status !== status ||
        !matches ||
        name !== (status === 400 ? 'InputError' : 'NotFoundError')
      )
        wrong.push(`${label}: ${res.status} ${name} ${text}`);
    }
    expect(wrong).toEqual([]);
    expect(cases).toHaveLength(33);
    // nothing was recorded by the refused calls
    const list = await http.get(`/v1/failovers?entityRef=${PAYMENTS}`);
    expect(list.body.items.map((r: any) => r.id)).toEqual([id]);
  });

  it("lists a service's requests newest first, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await http.post('/v1/failovers', ALICE, {
        entityRef: PAYMENTS,
        steps: [{ weights: split(0, 100) }],
        reason: `plan ${i}`,
      });
      ids.push(res.body.id);
    }
    const first = await http.get(
      `/v1/failovers?entityRef=${encodeURIComponent(PAYMENTS)}&limit=2`,
      CAROL,
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http.get(
      `/v1/failovers?entityRef=${PAYMENTS}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((r: any) => r.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeUndefined();
    const other = await http.get(`/v1/failovers?entityRef=${WEB_DEMO}`);
    expect(other.body).toEqual({ items: [] });
  });

  it('a notification or signal that cannot be sent does not fail the change', async () => {
    rec.send.mockRejectedValue(new Error('notifications backend is down'));
    rec.publish.mockRejectedValue(new Error('signals backend is down'));
    const res = await http.post('/v1/failovers', ALICE, {
      entityRef: PAYMENTS,
      steps: [{ weights: split(0, 100) }],
      reason: 'drill',
    });
    expect(res.status).toBe(201);
    expect(rec.send).toHaveBeenCalled();
    expect(rec.publish).toHaveBeenCalled();
  });

  it('serves its OpenAPI spec', async () => {
    const res = await http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/ack-one/v1/failovers',
        '/api/ack-one/v1/failovers/checks',
        '/api/ack-one/v1/failovers/{id}',
        '/api/ack-one/v1/failovers/{id}/approve',
        '/api/ack-one/v1/failovers/{id}/reject',
        '/api/ack-one/v1/failovers/{id}/cancel',
      ]),
    );
  });
});

describe('failover configuration: change freezes and expiry', () => {
  let sim: Simulator;
  let dir: string;
  let idc: string;
  let ack: string;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-failover-cfg-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
    });
    ({ idc, ack } = clusterIds(sim));
  });

  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(failover: Record<string, unknown>) {
    const rec = recorders();
    const b = await startFailoverBackend({ sim, rec, failover });
    stops.push(b.stop);
    const http = api(b.server);
    await eventually(
      () => http.status('payments'),
      settledAt({ [idc]: 100 }),
      20_000,
    );
    return { http, rec };
  }

  const plan = (extra: Record<string, unknown> = {}) => ({
    entityRef: PAYMENTS,
    steps: [{ weights: { [idc]: 0, [ack]: 100 } }],
    reason: 'drill',
    ...extra,
  });

  it('refuses a failover inside a change freeze', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const { http } = await start({
      changeFreezes: [{ from, to, reason: 'year-end sales' }],
    });
    const res = await http.post('/v1/failovers', ALICE, plan());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `The failover is refused by 1 safety check: (1) change-freeze: A change freeze is in force from ${from} until ${to}: year-end sales.`,
    );
  });

  it('expires a request not decided in time, and one whose window closes first', async () => {
    const { http, rec } = await start({ requestExpiryHours: 0.0005 });
    const slow = await http.post('/v1/failovers', ALICE, plan());
    const closing = await http.post(
      '/v1/failovers',
      ALICE,
      plan({
        window: { notAfter: new Date(Date.now() + 1_000).toISOString() },
      }),
    );
    const a = await eventually(
      () => http.failover(slow.body.id),
      r => r.state === 'expired',
      10_000,
    );
    expect(a.events[1]).toMatchObject({
      actor: 'system',
      from: 'requested',
      to: 'expired',
      reason: 'it was not decided within 1.8 s',
    });
    const b = await eventually(
      () => http.failover(closing.body.id),
      r => r.state === 'expired',
      10_000,
    );
    expect(b.events[1].reason).toMatch(
      /^its window closed at .* before it was decided$/,
    );
    const late = await http.post(`/v1/failovers/${slow.body.id}/approve`, BOB);
    expect(late.status).toBe(409);
    expect(rec.audits.map(x => `${x.eventId}:${x.outcome}`)).toContain(
      'failover-expire:success',
    );
  });
});
