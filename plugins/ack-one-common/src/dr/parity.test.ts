import { GatewayRoute } from '../gateway';
import { evaluateWorkloadParity, ParityCluster } from './parity';
import { buildDrStatus, declaredWeights, DrStatusInput } from './status';
import { DrWorkloadInCluster } from './types';

const P: ParityCluster = {
  clusterId: 'idc',
  name: 'idc-k8s',
  role: 'primary',
  synced: true,
};
const S: ParityCluster = {
  clusterId: 'ack',
  name: 'ack-hangzhou',
  role: 'standby',
  synced: true,
};
const w = (
  clusterId: string,
  desired: number,
  ready = desired,
  extra: Partial<DrWorkloadInCluster> = {},
): DrWorkloadInCluster => ({
  clusterId,
  desired,
  ready,
  available: ready,
  updated: desired,
  images: ['registry/app:1.0'],
  ...extra,
});
const ps = { mode: 'primary-standby' as const, minStandbyCapacity: 100 };
const aa = { mode: 'active-active' as const, minStandbyCapacity: 100 };

describe('workload parity', () => {
  it('is in parity when the standby matches the primary', () => {
    const r = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, S],
      workload: { clusters: [w('idc', 3), w('ack', 3)] },
    });
    expect(r).toEqual({ state: 'in-parity', findings: [] });
  });

  it('is degraded when the standby is set below the policy', () => {
    const r = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, S],
      workload: { clusters: [w('idc', 3), w('ack', 1)] },
    });
    expect(r.state).toBe('degraded');
    expect(r.findings[0]).toMatchObject({
      rule: 'standby-capacity',
      clusterId: 'ack',
      numbers: { required: 3, reference: 3, desired: 1, max: 1 },
    });
    expect(r.findings[0].message).toBe(
      "Standby ack-hangzhou is set to 1 replica, 33% of idc-k8s's 3; the policy asks for 100% (3).",
    );
  });

  it('takes the policy percentage, rounding the requirement up', () => {
    const r = evaluateWorkloadParity({
      policy: { ...ps, minStandbyCapacity: 50 },
      clusters: [P, S],
      workload: { clusters: [w('idc', 3), w('ack', 2)] },
    });
    expect(r.state).toBe('in-parity');
    const short = evaluateWorkloadParity({
      policy: { ...ps, minStandbyCapacity: 50 },
      clusters: [P, S],
      workload: { clusters: [w('idc', 5), w('ack', 2)] },
    });
    expect(short.findings[0].numbers).toMatchObject({ required: 3 });
  });

  it('counts an HPA maximum as capacity but not as readiness', () => {
    const r = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, S],
      workload: {
        clusters: [
          w('idc', 3),
          w('ack', 1, 1, {
            hpa: { name: 'h', minReplicas: 1, maxReplicas: 6 },
          }),
        ],
      },
    });
    expect(r.state).toBe('standby-not-ready');
    expect(r.findings[0].message).toBe(
      'Standby ack-hangzhou has 1 of 1 replica ready; the policy asks for 3 (its HPA can scale it to 6): a failover now would overload it.',
    );
  });

  it('is standby-not-ready when the standby is set right but its pods are not ready', () => {
    const r = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, S],
      workload: { clusters: [w('idc', 3), w('ack', 3, 0)] },
    });
    expect(r.state).toBe('standby-not-ready');
    expect(r.findings[0].rule).toBe('standby-ready');
  });

  it('is degraded when the primary has replicas not ready', () => {
    const r = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, S],
      workload: { clusters: [w('idc', 3, 2), w('ack', 3)] },
    });
    expect(r.findings[0]).toMatchObject({
      state: 'degraded',
      rule: 'primary-ready',
    });
  });

  it('counts image drift as degraded', () => {
    const r = evaluateWorkloadParity({
      policy: aa,
      clusters: [
        { ...P, role: 'active' },
        { ...S, role: 'active' },
      ],
      workload: {
        clusters: [
          w('idc', 2),
          w('ack', 2, 2, { images: ['registry/app:1.1'] }),
        ],
      },
    });
    expect(r.state).toBe('degraded');
    expect(r.findings[0].rule).toBe('image-drift');
    expect(r.findings[0].message).toContain('idc-k8s runs registry/app:1.0');
    expect(r.findings[0].message).toContain(
      'ack-hangzhou runs registry/app:1.1',
    );
  });

  it('is one-sided when a synced cluster does not run it', () => {
    const r = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, S],
      workload: { clusters: [w('idc', 2)] },
    });
    expect(r.state).toBe('one-sided');
    expect(r.findings[0]).toMatchObject({ rule: 'missing', clusterId: 'ack' });
  });

  it('is unknown for a cluster never heard from, and notes stale data', () => {
    const never = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, { ...S, synced: false }],
      workload: { clusters: [w('idc', 2)] },
    });
    expect(never.state).toBe('unknown');
    expect(never.findings.map(f => f.rule)).toEqual(['no-data']);
    const stale = evaluateWorkloadParity({
      policy: ps,
      clusters: [P, { ...S, staleSeconds: 42 }],
      workload: { clusters: [w('idc', 2), w('ack', 2)] },
    });
    expect(stale.state).toBe('unknown');
    expect(stale.findings[0].message).toBe(
      'ack-hangzhou is unreachable; its figures are 42 s old.',
    );
  });

  it('checks every active-active cluster against the largest', () => {
    const A = { ...P, role: 'active' as const };
    const B = { ...S, role: 'active' as const };
    expect(
      evaluateWorkloadParity({
        policy: aa,
        clusters: [A, B],
        workload: { clusters: [w('idc', 2), w('ack', 1)] },
      }).findings[0],
    ).toMatchObject({ rule: 'peer-capacity', clusterId: 'ack' });
    expect(
      evaluateWorkloadParity({
        policy: aa,
        clusters: [A, B],
        workload: { clusters: [w('idc', 2), w('ack', 2, 1)] },
      }).findings[0],
    ).toMatchObject({ rule: 'replicas-ready', state: 'degraded' });
    const scaledDown = evaluateWorkloadParity({
      policy: aa,
      clusters: [A, B],
      workload: {
        clusters: [
          w('idc', 2),
          w('ack', 1, 1, {
            hpa: { name: 'h', minReplicas: 1, maxReplicas: 4 },
          }),
        ],
      },
    });
    expect(scaledDown.findings[0]).toMatchObject({
      rule: 'replicas-ready',
      numbers: { ready: 1, desired: 1, required: 2 },
      // the counts are the cell's (1 of 1), the requirement is separate
      message:
        'ack-hangzhou has 1 of 1 replica ready; the policy asks for 2 (its HPA can scale it to 4).',
    });
  });
});

const route = (over: Partial<GatewayRoute> = {}): GatewayRoute => ({
  id: 'example.com /svc1',
  host: 'example.com',
  path: '/svc1',
  pathType: 'Prefix',
  namespace: 'web',
  service: { name: 'svc' },
  base: { ingress: 'web/web', clusterId: 'idc' },
  canaries: [
    { ingress: 'web/canary', clusterId: 'ack', weight: 30, weightTotal: 100 },
  ],
  ...over,
});

describe('declared weights', () => {
  it('splits a pinned base and weighted canaries', () => {
    expect(declaredWeights(route())).toEqual({
      declared: { idc: 70, ack: 30 },
      declaredByPods: 0,
    });
  });

  it('leaves an unpinned base to ready pods and honours weight totals', () => {
    expect(
      declaredWeights(
        route({
          base: { ingress: 'web/web' },
          canaries: [
            { ingress: 'c', clusterId: 'ack', weight: 1, weightTotal: 4 },
          ],
        }),
      ),
    ).toEqual({ declared: { ack: 25 }, declaredByPods: 75 });
  });

  it('ignores header-only canaries', () => {
    expect(
      declaredWeights(
        route({
          canaries: [
            {
              ingress: 'c',
              clusterId: 'ack',
              weightTotal: 100,
              header: { name: 'x-dr', value: 'ack' },
            },
          ],
        }),
      ),
    ).toEqual({ declared: { idc: 100 }, declaredByPods: 0 });
  });
});

describe('the DR status of a service', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const input = (over: Partial<DrStatusInput> = {}): DrStatusInput => ({
    entityRef: 'component:default/web',
    now,
    policy: {
      fleet: 'f',
      mode: 'primary-standby',
      roles: { 'idc-k8s': 'primary', 'ack-hangzhou': 'standby' },
      minStandbyCapacity: 100,
      selector: { labelSelector: 'app=web' },
    },
    problems: [],
    fleet: { clusterId: 'fleet', name: 'f' },
    members: [
      {
        clusterId: 'idc',
        name: 'idc-k8s',
        location: 'idc',
        reachable: true,
        lastSyncAt: now,
      },
      {
        clusterId: 'ack',
        name: 'ack-hangzhou',
        location: 'cloud',
        reachable: true,
        lastSyncAt: now,
      },
    ],
    workloads: [
      { kind: 'Deployment', namespace: 'web', name: 'web', ...w('idc', 3) },
      { kind: 'Deployment', namespace: 'web', name: 'web', ...w('ack', 3) },
    ],
    gateway: {
      reachable: true,
      lastSyncAt: now,
      routes: [route()],
      issues: [],
    },
    ...over,
  });

  it('puts clusters, workloads, weights and capacity together', () => {
    const s = buildDrStatus(input());
    expect(s.parity.state).toBe('in-parity');
    expect(s.clusters.map(c => c.role)).toEqual(['primary', 'standby']);
    expect(s.workloads).toHaveLength(1);
    expect(s.workloads[0].clusters.map(c => c.clusterId)).toEqual([
      'ack',
      'idc',
    ]);
    expect(s.gateway.routes[0]).toMatchObject({
      declared: { idc: 70, ack: 30 },
      effective: { idc: 70, ack: 30 },
      ingresses: ['web/web', 'web/canary'],
    });
    // 6 ready replicas serve traffic; each cluster has 3.
    expect(s.capacity).toEqual([
      {
        clusterId: 'idc',
        ready: 3,
        max: 3,
        load: 6,
        canCarryAllNow: false,
        canCarryAllAfterScaling: false,
      },
      {
        clusterId: 'ack',
        ready: 3,
        max: 3,
        load: 6,
        canCarryAllNow: false,
        canCarryAllAfterScaling: false,
      },
    ]);
    // every row that says No has its warning, with the row's numbers
    expect(s.warnings.map(x => [x.id, x.severity, x.message])).toEqual([
      [
        'capacity',
        'critical',
        'idc-k8s could not carry all traffic: it has 3 ready and can reach 3 replicas, against a load of 6 ready in the serving clusters.',
      ],
      [
        'capacity',
        'critical',
        'ack-hangzhou could not carry all traffic: it has 3 ready and can reach 3 replicas, against a load of 6 ready in the serving clusters.',
      ],
      [
        'standby-serving',
        'warning',
        'ack-hangzhou serves 30% of live traffic although it is the standby.',
      ],
    ]);
  });

  it('fails a declared share over when its cluster has no ready replica, and says so', () => {
    const s = buildDrStatus(
      input({
        workloads: [
          { kind: 'Deployment', namespace: 'web', name: 'web', ...w('idc', 3) },
          {
            kind: 'Deployment',
            namespace: 'web',
            name: 'web',
            ...w('ack', 3, 0),
          },
        ],
      }),
    );
    expect(s.parity.state).toBe('standby-not-ready');
    expect(s.gateway.routes[0].effective).toEqual({ idc: 100 });
    expect(s.warnings[0]).toMatchObject({
      id: 'failed-over',
      severity: 'critical',
      clusterId: 'ack',
      message:
        'Route example.com /svc1: ack-hangzhou is declared 30% but gets 0% because it has no ready replica; the gateway sends its share to idc-k8s (100%).',
    });
  });

  it('keeps an unreachable cluster with its age and warns first', () => {
    const s = buildDrStatus(
      input({
        members: [
          {
            clusterId: 'idc',
            name: 'idc-k8s',
            reachable: false,
            lastSyncAt: new Date(now.getTime() - 42_000),
            message: 'the API server refused the connection',
          },
          {
            clusterId: 'ack',
            name: 'ack-hangzhou',
            reachable: true,
            lastSyncAt: now,
          },
        ],
      }),
    );
    expect(s.clusters[0]).toMatchObject({ reachable: false, staleSeconds: 42 });
    expect(s.warnings[0]).toMatchObject({
      id: 'site-unreachable',
      severity: 'critical',
      message:
        'idc-k8s is unreachable (the API server refused the connection); what is shown for it is 42 s old.',
    });
    expect(s.parity.state).toBe('unknown');
  });

  it('names unknown clusters in the roles and takes unnamed members as standbys', () => {
    const s = buildDrStatus(
      input({
        policy: {
          ...input().policy,
          roles: { 'idc-k8s': 'primary', 'ack-shanghai': 'standby' },
        },
      }),
    );
    expect(s.problems.map(p => p.message)).toEqual([
      'ack-one/cluster-roles names cluster "ack-shanghai", which is not a member of fleet f (members: idc-k8s, ack-hangzhou).',
      'ack-one/cluster-roles does not name ack-hangzhou; it is taken as a standby.',
    ]);
    expect(s.clusters[1].role).toBe('standby');
  });

  it('says when no workload matches', () => {
    const s = buildDrStatus(input({ workloads: [] }));
    expect(s.parity.state).toBe('unknown');
    expect(s.parity.findings[0].message).toBe(
      'No Deployment or StatefulSet matches app=web in any cluster of fleet f.',
    );
  });
});
