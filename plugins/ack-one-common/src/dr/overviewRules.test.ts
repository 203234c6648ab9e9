import type { DrOverviewRow } from './overview';
import {
  blastRadius,
  compareOverviewRows,
  toOverviewRow,
} from './overviewRules';
import type {
  ClusterRole,
  DrClusterCapacity,
  DrRoute,
  DrStatus,
  DrWarning,
} from './types';

interface ClusterSpec {
  id: string;
  name: string;
  role: ClusterRole;
  ready: number;
  max: number;
  reachable?: boolean;
}

const IDC = 'c-idc';
const ACK = 'c-ack';

function route(effective: Record<string, number>): DrRoute {
  return {
    id: 'example.com /',
    host: 'example.com',
    path: '/',
    namespace: 'svc',
    service: 'svc',
    ingresses: ['svc'],
    declared: {},
    declaredByPods: 100,
    byPods: effective,
    effective,
    headerRoutes: [],
  };
}

/** A DR status as the cache builds it, reduced to what the overview reads. */
function status(
  clusters: ClusterSpec[],
  options: {
    mode?: 'active-active' | 'primary-standby';
    routes?: DrRoute[];
    warnings?: DrWarning[];
    name?: string;
  } = {},
): DrStatus {
  const mode = options.mode ?? 'primary-standby';
  const routes = options.routes ?? [];
  const serving = clusters.filter(c =>
    routes.length
      ? routes.some(r => (r.effective[c.id] ?? 0) > 0)
      : c.role !== 'standby',
  );
  const load = serving.reduce((a, c) => a + c.ready, 0);
  const capacity: DrClusterCapacity[] = clusters.map(c => ({
    clusterId: c.id,
    ready: c.ready,
    max: c.max,
    load,
    canCarryAllNow: load > 0 && c.ready >= load,
    canCarryAllAfterScaling: load > 0 && Math.max(c.ready, c.max) >= load,
  }));
  return {
    entityRef: `component:default/${options.name ?? 'orders'}`,
    generatedAt: '2026-01-01T00:00:00.000Z',
    state: 'in-parity',
    policy: {
      fleet: 'ackone-fleet',
      mode,
      roles: {},
      minStandbyCapacity: 100,
      rto: '5m',
      rtoSeconds: 300,
      selector: { labelSelector: 'app=orders' },
    },
    problems: [],
    fleet: { clusterId: 'c-fleet', name: 'ackone-fleet' },
    clusters: clusters.map(c => ({
      clusterId: c.id,
      name: c.name,
      role: c.role,
      reachable: c.reachable ?? true,
    })),
    workloads: [],
    parity: { state: 'in-parity', findings: [] },
    gateway: { reachable: true, routes, issues: [] },
    capacity,
    warnings: options.warnings ?? [],
  };
}

const meta = { title: 'Orders', owner: 'group:default/team-a' };

describe('toOverviewRow', () => {
  it('sums up a primary-standby service with its standby capacity, serving shares and counts', () => {
    const row = toOverviewRow(
      {
        ...status(
          [
            { id: IDC, name: 'idc-k8s', role: 'primary', ready: 3, max: 3 },
            {
              id: ACK,
              name: 'ack-hangzhou',
              role: 'standby',
              ready: 1,
              max: 2,
            },
          ],
          {
            warnings: [
              { id: 'info', severity: 'info', message: 'fyi' },
              {
                id: 'standby-capacity',
                severity: 'critical',
                message: 'Standby ack-hangzhou has 1 of 3 replicas ready',
              },
              { id: 'other', severity: 'critical', message: 'second' },
            ],
          },
        ),
        problems: [
          { severity: 'warning', message: 'w' },
          { severity: 'error', message: 'e', annotation: 'ack-one/rto' },
        ],
      },
      meta,
      {
        requestId: 'r1',
        state: 'completed',
        at: '2026-01-01T00:00:00.000Z',
        drill: true,
      },
    );
    expect(row).toMatchObject({
      entityRef: 'component:default/orders',
      title: 'Orders',
      owner: 'group:default/team-a',
      fleet: { clusterId: 'c-fleet', name: 'ackone-fleet' },
      state: 'in-parity',
      parity: 'in-parity',
      mode: 'primary-standby',
      // 2 (HPA maximum) of a load of 3
      standbyCapacityPercent: 66,
      rto: '5m',
      rtoSeconds: 300,
      lastFailover: { requestId: 'r1', drill: true },
      topWarning: 'Standby ack-hangzhou has 1 of 3 replicas ready',
      warningCount: 3,
      problemCount: 1,
    });
    expect(row).not.toHaveProperty('system');
    expect(row.clusters).toEqual([
      {
        clusterId: IDC,
        name: 'idc-k8s',
        role: 'primary',
        reachable: true,
        ready: 3,
        max: 3,
        load: 3,
        canCarryAllNow: true,
        canCarryAllAfterScaling: true,
        servingPercent: 100,
      },
      {
        clusterId: ACK,
        name: 'ack-hangzhou',
        role: 'standby',
        reachable: true,
        ready: 1,
        max: 2,
        load: 3,
        canCarryAllNow: false,
        canCarryAllAfterScaling: false,
        servingPercent: 0,
      },
    ]);
  });

  it('takes the lowest standby, capped at 100, and none for active-active', () => {
    const two = status([
      { id: IDC, name: 'idc-k8s', role: 'primary', ready: 4, max: 4 },
      { id: ACK, name: 'ack-hangzhou', role: 'standby', ready: 2, max: 10 },
      { id: 'c-3', name: 'ack-2', role: 'standby', ready: 1, max: 3 },
    ]);
    expect(toOverviewRow(two, {}).standbyCapacityPercent).toBe(75);
    const big = status([
      { id: IDC, name: 'idc-k8s', role: 'primary', ready: 2, max: 2 },
      { id: ACK, name: 'ack-hangzhou', role: 'standby', ready: 2, max: 8 },
    ]);
    expect(toOverviewRow(big, {}).standbyCapacityPercent).toBe(100);
    const aa = status(
      [
        { id: IDC, name: 'idc-k8s', role: 'active', ready: 2, max: 4 },
        { id: ACK, name: 'ack-hangzhou', role: 'active', ready: 2, max: 4 },
      ],
      { mode: 'active-active', routes: [route({ [IDC]: 50, [ACK]: 50 })] },
    );
    const row = toOverviewRow(aa, {});
    expect(row).not.toHaveProperty('standbyCapacityPercent');
    expect(row.clusters.map(c => c.servingPercent)).toEqual([50, 50]);
  });

  it('averages the effective weight over the routes', () => {
    const s = status(
      [
        { id: IDC, name: 'idc-k8s', role: 'active', ready: 2, max: 2 },
        { id: ACK, name: 'ack-hangzhou', role: 'active', ready: 2, max: 2 },
      ],
      {
        mode: 'active-active',
        routes: [route({ [IDC]: 100 }), route({ [IDC]: 50, [ACK]: 50 })],
      },
    );
    expect(toOverviewRow(s, {}).clusters.map(c => c.servingPercent)).toEqual([
      75, 25,
    ]);
  });

  it('shows a service whose annotations are broken with its problems and no clusters', () => {
    const s: DrStatus = {
      ...status([]),
      state: 'unknown',
      policy: undefined,
      parity: { state: 'unknown', findings: [] },
      problems: [{ severity: 'error', message: 'bad', annotation: 'x' }],
    };
    const row = toOverviewRow(s, {});
    expect(row).toMatchObject({
      state: 'unknown',
      clusters: [],
      warningCount: 0,
      problemCount: 1,
    });
    expect(row).not.toHaveProperty('mode');
    expect(row).not.toHaveProperty('topWarning');
  });

  it('sorts the most alarming state first', () => {
    const r = (name: string, state: DrOverviewRow['state']) =>
      ({ ...toOverviewRow(status([], { name }), {}), state } as DrOverviewRow);
    const rows = [
      r('a', 'in-parity'),
      r('b', 'site-unreachable'),
      r('c', 'degraded'),
      r('d', 'failed-over'),
      r('e', 'degraded'),
    ].sort(compareOverviewRows);
    expect(rows.map(x => x.entityRef.slice(-1))).toEqual([
      'b',
      'd',
      'c',
      'e',
      'a',
    ]);
  });
});

describe('blastRadius', () => {
  const row = (clusters: ClusterSpec[], name: string, routes?: DrRoute[]) =>
    toOverviewRow(
      status(clusters, {
        name,
        routes,
        mode: clusters.some(c => c.role === 'active')
          ? 'active-active'
          : 'primary-standby',
      }),
      {},
    );
  const rows = [
    // fully covered by its standby
    row(
      [
        { id: IDC, name: 'idc-k8s', role: 'primary', ready: 3, max: 3 },
        { id: ACK, name: 'ack-hangzhou', role: 'standby', ready: 3, max: 3 },
      ],
      'covered',
    ),
    // standby short now, its HPA covers it
    row(
      [
        { id: IDC, name: 'idc-k8s', role: 'primary', ready: 6, max: 6 },
        { id: ACK, name: 'ack-hangzhou', role: 'standby', ready: 2, max: 8 },
      ],
      'scales',
    ),
    // standby short even at its maximum
    row(
      [
        { id: IDC, name: 'idc-k8s', role: 'primary', ready: 3, max: 3 },
        { id: ACK, name: 'ack-hangzhou', role: 'standby', ready: 1, max: 1 },
      ],
      'short',
    ),
    // only in the IDC
    row(
      [
        { id: IDC, name: 'idc-k8s', role: 'primary', ready: 2, max: 2 },
        { id: ACK, name: 'ack-hangzhou', role: 'standby', ready: 0, max: 0 },
      ],
      'one-sided',
    ),
    // the other side is unreachable
    row(
      [
        { id: IDC, name: 'idc-k8s', role: 'active', ready: 2, max: 2 },
        {
          id: ACK,
          name: 'ack-hangzhou',
          role: 'active',
          ready: 2,
          max: 2,
          reachable: false,
        },
      ],
      'cut-off',
      [route({ [IDC]: 50, [ACK]: 50 })],
    ),
    // not in the IDC at all
    row(
      [{ id: ACK, name: 'ack-hangzhou', role: 'primary', ready: 2, max: 2 }],
      'cloud-only',
    ),
  ];

  it('says what losing the IDC does to each service, most affected first, with the numbers', () => {
    const items = blastRadius(rows, IDC);
    expect(
      items.map(i => [i.entityRef.replace('component:default/', ''), i.impact]),
    ).toEqual([
      ['cut-off', 'down'],
      ['one-sided', 'down'],
      ['scales', 'loses-capacity'],
      ['short', 'loses-capacity'],
      ['cloud-only', 'unaffected'],
      ['covered', 'unaffected'],
    ]);
    const reason = (n: string) =>
      items.find(i => i.entityRef === `component:default/${n}`)!.reason;
    expect(reason('scales')).toBe(
      'ack-hangzhou has 2 ready of the 6 serving now (4 short); scaling up to 8 (HPA maximum, or desired count without one) covers it.',
    );
    expect(reason('short')).toBe(
      'ack-hangzhou has 1 ready of the 3 serving now (2 short); even scaled up to 1 (HPA maximum, or desired count without one), 2 replicas would be missing.',
    );
    expect(reason('one-sided')).toBe(
      'Only idc-k8s runs it: no other cluster has a replica or can scale to one.',
    );
    expect(reason('cut-off')).toBe(
      'ack-hangzhou also runs it but is unreachable now.',
    );
    expect(reason('cloud-only')).toBe(
      'That cluster is not a member of its Fleet.',
    );
    expect(reason('covered')).toBe(
      'ack-hangzhou has 3 ready, enough for the 3 serving now (idc-k8s serves 100%).',
    );
  });

  it('leaves services unaffected by losing a standby that serves nothing or runs nothing', () => {
    const items = blastRadius(rows, ACK);
    const impact = (n: string) =>
      items.find(i => i.entityRef === `component:default/${n}`)!;
    expect(impact('covered')).toMatchObject({
      impact: 'unaffected',
      reason:
        'ack-hangzhou serves none of its traffic now; idc-k8s has 3 ready for a load of 3.',
    });
    expect(impact('one-sided')).toMatchObject({
      impact: 'unaffected',
      reason: 'It does not run in ack-hangzhou.',
    });
    // the only cluster of a cloud-only service
    expect(impact('cloud-only').impact).toBe('down');
  });

  it('counts every other reachable cluster that runs the service', () => {
    const three = row(
      [
        { id: IDC, name: 'idc-k8s', role: 'active', ready: 4, max: 4 },
        { id: ACK, name: 'ack-hangzhou', role: 'active', ready: 2, max: 4 },
        { id: 'c-3', name: 'ack-2', role: 'active', ready: 2, max: 2 },
      ],
      'three',
      [route({ [IDC]: 50, [ACK]: 25, 'c-3': 25 })],
    );
    expect(blastRadius([three], IDC)[0]).toEqual({
      entityRef: 'component:default/three',
      impact: 'loses-capacity',
      reason:
        'ack-hangzhou and ack-2 have 4 ready of the 8 serving now (4 short); even scaled up to 6 (HPA maximum, or desired count without one), 2 replicas would be missing.',
    });
  });
});
