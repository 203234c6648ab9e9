import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { DrStatus } from '@internal/plugin-ack-one-common';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import request from 'supertest';
import { ackOnePlugin } from './plugin';
import { simulatorConfig } from './__testUtils__/simulatorConfig';
import { demoEntities, eventually } from './__testUtils__/demo';

jest.setTimeout(60_000);

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const extraEntities: Entity[] = [
  component('bad-annotations', {
    'backstage.io/kubernetes-id': 'web-demo',
    'ack-one/fleet': 'ackone-fleet',
    'ack-one/cluster-roles': 'idc-k8s=leader',
    'ack-one/min-standby-capacity': '150',
    'ack-one/rto': 'soon',
  }),
  component('unknown-fleet', {
    'backstage.io/kubernetes-id': 'web-demo',
    'ack-one/fleet': 'no-such-fleet',
    'ack-one/cluster-roles': 'active-active',
  }),
  // points at another service's namespace, which is not labelled for it
  component('intruder', {
    'backstage.io/kubernetes-id': 'intruder',
    'backstage.io/kubernetes-namespace': 'payments',
    'backstage.io/kubernetes-label-selector': 'app=payments',
    'ack-one/fleet': 'ackone-fleet',
    'ack-one/cluster-roles': 'active-active',
  }),
  component('unknown-cluster', {
    'backstage.io/kubernetes-id': 'payments',
    'backstage.io/kubernetes-namespace': 'payments',
    'ack-one/fleet': 'ackone-fleet',
    'ack-one/cluster-roles': 'idc-k8s=primary,ack-shanghai=standby',
  }),
  component('secret-service', {
    'backstage.io/kubernetes-id': 'payments',
    'ack-one/fleet': 'ackone-fleet',
  }),
];

/**
 * The stock catalog mock, except that the user `user:default/outsider`
 * may read no entity: it stands for a catalog permission policy.
 */
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const inner = catalogServiceMock({
      entities: [...demoEntities, ...extraEntities],
    });
    return new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'getEntityByRef')
          return async (ref: any, options: any) => {
            const p = options?.credentials?.principal;
            if (
              p?.type === 'user' &&
              p.userEntityRef === 'user:default/outsider'
            )
              return undefined;
            return target.getEntityByRef(ref, options);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
  },
});

describe('ack-one backend: DR status from the watch cache', () => {
  let sim: Simulator;
  let dir: string;
  let server: any;
  let stopBackend: () => Promise<void>;
  let idc: string;
  let ack: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-dr-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
    });
    idc = sim.endpoints.clusters.idc.clusterId!;
    ack = sim.endpoints.clusters.ack.clusterId!;
    const backend = await startTestBackend({
      features: [
        ackOnePlugin,
        catalogFactory,
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

  const get = (name: string, who = mockCredentials.user.header()) =>
    request(server)
      .get(`/api/ack-one/v1/entities/component/default/${name}/dr-status`)
      .set('authorization', who);
  const status = async (name: string): Promise<DrStatus> => {
    const res = await get(name);
    expect(res.status).toBe(200);
    return res.body;
  };
  const settled = (s: DrStatus) =>
    s.clusters.length === 2 &&
    s.clusters.every(c => c.reachable) &&
    s.gateway.reachable &&
    s.workloads.length > 0 &&
    s.workloads.every(w => w.clusters.every(c => c.ready === c.desired));
  const workloadIn = (s: DrStatus, clusterId: string) =>
    s.workloads[0]?.clusters.find(c => c.clusterId === clusterId);

  it('shows an active-active service in parity with its 50/50 gateway split', async () => {
    const s = await eventually(() => status('web-demo'), settled, 20_000);
    expect(s.entityRef).toBe('component:default/web-demo');
    expect(s.policy).toMatchObject({
      mode: 'active-active',
      minStandbyCapacity: 100,
    });
    expect(s.clusters.map(c => [c.name, c.role, c.location]).sort()).toEqual([
      ['ack-hangzhou', 'active', 'cloud'],
      ['idc-k8s', 'active', 'idc'],
    ]);
    for (const c of s.clusters)
      expect(Date.parse(c.lastSyncAt!)).toBeGreaterThan(0);
    expect(s.workloads).toHaveLength(1);
    expect(s.workloads[0]).toMatchObject({
      kind: 'Deployment',
      namespace: 'web-demo',
      name: 'web-demo',
    });
    for (const c of s.workloads[0].clusters)
      expect(c).toMatchObject({
        desired: 2,
        ready: 2,
        available: 2,
        updated: 2,
        hpa: { name: 'web-demo', minReplicas: 2, maxReplicas: 4 },
      });
    // 4 replicas serve the traffic; each side can scale to 4 (its HPA).
    for (const c of s.capacity)
      expect(c).toMatchObject({
        load: 4,
        ready: 2,
        max: 4,
        canCarryAllNow: false,
        canCarryAllAfterScaling: true,
      });
    // neither side carries all 4 now: each row says so, and can after scaling
    expect(s.warnings.map(w => [w.id, w.severity, w.clusterId])).toEqual([
      ['capacity-needs-scaling', 'warning', idc],
      ['capacity-needs-scaling', 'warning', ack],
    ]);
    expect(s.parity.state).toBe('in-parity');
    expect(s.state).toBe('in-parity');
    const [route] = s.gateway.routes;
    expect(route).toMatchObject({ host: 'example.com', path: '/svc1' });
    expect(route.declared).toEqual({ [idc]: 50, [ack]: 50 });
    expect(route.effective).toEqual({ [idc]: 50, [ack]: 50 });
  });

  it('judges the demo services by their rules and numbers', async () => {
    const orders = await eventually(() => status('orders'), settled, 20_000);
    expect(orders.parity.state).toBe('degraded');
    expect(orders.parity.findings[0]).toMatchObject({
      rule: 'standby-capacity',
      clusterId: ack,
      numbers: { required: 3, reference: 3, max: 1 },
    });
    // No weights: traffic follows ready pods, 3 to 1.
    expect(orders.gateway.routes[0].declaredByPods).toBe(100);
    expect(orders.gateway.routes[0].effective).toEqual({
      [idc]: 75,
      [ack]: 25,
    });

    const payments = await eventually(
      () => status('payments'),
      settled,
      20_000,
    );
    expect(payments.parity.state).toBe('in-parity');
    expect(payments.gateway.routes[0].declared).toEqual({
      [idc]: 100,
      [ack]: 0,
    });
    expect(payments.capacity.find(c => c.clusterId === ack)).toMatchObject({
      load: 2,
      canCarryAllNow: true,
    });

    const reports = await eventually(
      () => status('reports'),
      s => s.workloads.length > 0,
      20_000,
    );
    expect(reports.parity.state).toBe('one-sided');
    expect(reports.warnings.map(w => w.message).join(' ')).toContain(
      'ack-hangzhou (standby) does not run it',
    );
  });

  it('sees replicas dropped in the standby as degraded within 2 s', async () => {
    await eventually(() => status('web-demo'), settled, 20_000);
    await sim.faults.scale('ack', 'web-demo', 'web-demo', 1);
    try {
      const s = await eventually(
        () => status('web-demo'),
        x => workloadIn(x, ack)?.desired === 1,
        2_000,
      );
      expect(workloadIn(s, ack)?.desired).toBe(1);
      expect(s.parity.state).toBe('degraded');
      // Its HPA could scale it back to 4, but 1 of 2 is ready now.
      expect(s.parity.findings[0]).toMatchObject({
        rule: 'replicas-ready',
        clusterId: ack,
        numbers: { ready: 1, desired: 1, required: 2 },
      });
    } finally {
      await sim.faults.scale('ack', 'web-demo', 'web-demo', 2);
    }
    const back = await eventually(() => status('web-demo'), settled, 10_000);
    expect(back.parity.state).toBe('in-parity');
  });

  it('watches StatefulSets and HPAs: a standby that may scale but is not ready yet', async () => {
    const sts = (replicas: number) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {
        name: 'orders-db',
        namespace: 'orders',
        labels: { 'backstage.io/kubernetes-id': 'orders' },
      },
      spec: {
        replicas,
        serviceName: 'orders-db',
        selector: { matchLabels: { app: 'orders-db' } },
        template: {
          metadata: { labels: { app: 'orders-db' } },
          spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
        },
      },
    });
    const idcApi = sim.world.server('idc').api;
    const ackApi = sim.world.server('ack').api;
    idcApi.upsert(sts(3));
    ackApi.upsert(sts(1));
    ackApi.upsert({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'orders-db', namespace: 'orders' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          name: 'orders-db',
        },
        minReplicas: 1,
        maxReplicas: 3,
      },
    });
    try {
      const s = await eventually(
        () => status('orders'),
        x => {
          const db = x.workloads.find(w => w.kind === 'StatefulSet');
          return (
            db?.clusters.length === 2 &&
            db.clusters.every(c => c.ready === c.desired) &&
            db.clusters.some(c => c.hpa)
          );
        },
        10_000,
      );
      const db = s.workloads.find(w => w.kind === 'StatefulSet')!;
      expect(db.clusters.find(c => c.clusterId === ack)).toMatchObject({
        desired: 1,
        ready: 1,
        images: ['postgres:16'],
        hpa: { name: 'orders-db', minReplicas: 1, maxReplicas: 3 },
      });
      expect(db.parity.state).toBe('standby-not-ready');
      expect(db.parity.findings[0].message).toBe(
        'Standby ack-hangzhou has 1 of 1 replica ready; the policy asks for 3 (its HPA can scale it to 3): a failover now would overload it.',
      );
      expect(s.warnings.map(w => w.message)).toContain(
        'StatefulSet orders/orders-db: Standby ack-hangzhou has 1 of 1 replica ready; the policy asks for 3 (its HPA can scale it to 3): a failover now would overload it.',
      );
    } finally {
      idcApi.removeObj('apps/v1', 'StatefulSet', 'orders', 'orders-db');
      ackApi.removeObj('apps/v1', 'StatefulSet', 'orders', 'orders-db');
      ackApi.removeObj(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'orders',
        'orders-db',
      );
    }
    const gone = await eventually(
      () => status('orders'),
      x => x.workloads.length === 1,
      5_000,
    );
    expect(gone.workloads.map(w => w.kind)).toEqual(['Deployment']);
  });

  it('reflects weights changed in the Fleet', async () => {
    const fleetApi = sim.world.server('fleet').api;
    const t = fleetApi.typeFor('networking.k8s.io/v1', 'Ingress');
    const canary = fleetApi.get(t, 'web-demo', 'web-demo-canary');
    const before =
      canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'];
    const write = (w: string) =>
      fleetApi.upsert({
        ...canary,
        metadata: {
          ...canary.metadata,
          resourceVersion: undefined,
          annotations: {
            ...canary.metadata.annotations,
            'nginx.ingress.kubernetes.io/canary-weight': w,
          },
        },
      });
    write('20');
    try {
      const s = await eventually(
        () => status('web-demo'),
        x => x.gateway.routes[0]?.declared[ack] === 20,
        2_000,
      );
      expect(s.gateway.routes[0].declared).toEqual({ [idc]: 80, [ack]: 20 });
      expect(s.gateway.routes[0].effective).toEqual({ [idc]: 80, [ack]: 20 });
    } finally {
      write(before);
    }
  });

  it('reports a cluster that goes down as unreachable with its last data, without failing', async () => {
    await eventually(() => status('web-demo'), settled, 20_000);
    await sim.faults.apiServerOffline('idc', 'refuse');
    try {
      const s = await eventually(
        () => status('web-demo'),
        x => x.clusters.find(c => c.clusterId === idc)?.reachable === false,
        5_000,
      );
      const down = s.clusters.find(c => c.clusterId === idc)!;
      expect(down.reachable).toBe(false);
      expect(down.lastSyncAt).toEqual(expect.any(String));
      expect(down.staleSeconds).toEqual(expect.any(Number));
      expect(down.message).toBe('connection refused');
      expect(s.state).toBe('site-unreachable');
      // its last known workload figures are still there
      expect(workloadIn(s, idc)).toMatchObject({ desired: 2, ready: 2 });
      expect(s.clusters.find(c => c.clusterId === ack)!.reachable).toBe(true);
      expect(s.warnings[0]).toMatchObject({
        id: 'site-unreachable',
        severity: 'critical',
        clusterId: idc,
      });
      expect(s.warnings[0].message).toContain('idc-k8s is unreachable');
      expect(s.parity.findings.map(f => f.rule)).toContain('stale-data');
      const text = JSON.stringify(s);
      expect(text).not.toContain(sim.accessKey.accessKeySecret);
      expect(text).not.toMatch(/BEGIN CERTIFICATE|bearer/i);
    } finally {
      await sim.faults.apiServerOnline('idc');
    }
    const back = await eventually(() => status('web-demo'), settled, 20_000);
    expect(back.clusters.every(c => c.reachable)).toBe(true);
  });

  it('notices an API server that goes silent (a cut line, no reset) through its liveness probe', async () => {
    await eventually(() => status('web-demo'), settled, 20_000);
    sim.faults.apiServerLatency('ack', 4_000);
    try {
      const s = await eventually(
        () => status('web-demo'),
        x => x.clusters.find(c => c.clusterId === ack)?.reachable === false,
        5_000,
      );
      const silent = s.clusters.find(c => c.clusterId === ack)!;
      expect(silent.reachable).toBe(false);
      expect(silent.message).toBe('timed out after 0.5 s');
      expect(silent.staleSeconds).toEqual(expect.any(Number));
      expect(workloadIn(s, ack)).toMatchObject({ desired: 2, ready: 2 });
      expect(s.clusters.find(c => c.clusterId === idc)!.reachable).toBe(true);
    } finally {
      sim.faults.apiServerLatency('ack', 0);
    }
    const back = await eventually(() => status('web-demo'), settled, 20_000);
    expect(back.clusters.every(c => c.reachable)).toBe(true);
  });

  it('explains malformed annotations, unknown fleets and unknown clusters', async () => {
    const bad = await status('bad-annotations');
    expect(bad.policy).toBeUndefined();
    const messages = bad.problems.map(p => p.message).join('\n');
    expect(messages).toContain('ack-one/cluster-roles');
    expect(messages).toContain('leader');
    expect(messages).toContain('ack-one/min-standby-capacity is "150"');
    expect(messages).toContain('ack-one/rto is "soon"');
    expect(bad.parity.state).toBe('unknown');

    const fleet = await status('unknown-fleet');
    expect(fleet.problems[0].message).toBe(
      'ack-one/fleet is "no-such-fleet", which is not a Fleet of any configured ACK One account; write the Fleet\'s name or cluster id as the ACK One console shows it',
    );
    // other Fleets are not listed
    expect(JSON.stringify(fleet)).not.toContain('ackone-fleet');

    const cluster = await status('unknown-cluster');
    expect(cluster.problems.map(p => p.message).join(' ')).toContain(
      'names cluster "ack-shanghai", which is not a member of fleet ackone-fleet (members: idc-k8s, ack-hangzhou)',
    );
  });

  it('shows a service nothing of a namespace that is not labelled for it, and says which rule and label', async () => {
    // the same workloads are there, and labelled for payments
    expect((await status('payments')).workloads.length).toBeGreaterThan(0);
    const s = await status('intruder');
    expect(s.workloads).toEqual([]);
    expect(s.clusters).toEqual([]);
    expect(s.gateway.routes).toEqual([]);
    expect(s.problems).toEqual([
      {
        severity: 'error',
        annotation: 'backstage.io/kubernetes-namespace',
        message:
          'This service may not read namespace "payments" of the clusters of Fleet ackone-fleet: ' +
          'account sim uses the namespace-label rule, so a namespace is shown only when it carries ' +
          'the label backstage.io/kubernetes-id=intruder or ack-one/owner=team-a. ' +
          "Ask the cluster's operators to label it (for Argo CD: syncPolicy.managedNamespaceMetadata.labels).",
      },
    ]);
    expect(JSON.stringify(s)).not.toMatch(/payments-[a-z0-9]|image/);
  });

  it('answers only callers who may read the entity', async () => {
    const outsider = mockCredentials.user.header('user:default/outsider');
    const denied = await get('web-demo', outsider);
    expect(denied.status).toBe(404);
    expect(denied.body.error.message).toContain('may not read it');
    expect((await get('no-such-service')).status).toBe(404);
    expect((await get('web-demo', mockCredentials.none.header())).status).toBe(
      401,
    );
    const bad = await request(server)
      .get('/api/ack-one/v1/entities/component/default/%20x/dr-status')
      .set('authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
  });
});
