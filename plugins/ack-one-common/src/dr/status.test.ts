import { GatewayRoute } from '../gateway';
import { buildDrStatus, drStatusMemoOf, DrStatusInput } from './status';
import { DrStatus, DrWorkloadInCluster } from './types';

const now = new Date('2026-11-25T10:00:00Z');
const IDC = 'c0idc';
const ACK = 'c0ack';

const w = (
  clusterId: string,
  desired: number,
  ready = desired,
  extra: Partial<DrWorkloadInCluster> = {},
) => ({
  kind: 'Deployment' as const,
  namespace: 'orders',
  name: 'orders',
  clusterId,
  desired,
  ready,
  available: ready,
  updated: desired,
  images: ['registry/orders:1.0'],
  ...extra,
});

/** A route whose base follows ready pods, optionally with a pinned canary. */
const route = (canary?: {
  clusterId: string;
  weight: number;
}): GatewayRoute => ({
  id: 'orders.example.com /',
  host: 'orders.example.com',
  path: '/',
  pathType: 'Prefix',
  namespace: 'orders',
  service: { name: 'orders' },
  base: { ingress: 'orders/orders' },
  canaries: canary
    ? [{ ingress: 'orders/canary', weightTotal: 100, ...canary }]
    : [],
});

const pinned = (idcShare: number): GatewayRoute => ({
  ...route({ clusterId: ACK, weight: 100 - idcShare }),
  base: { ingress: 'orders/orders', clusterId: IDC },
});

const input = (over: Partial<DrStatusInput> = {}): DrStatusInput => ({
  entityRef: 'component:default/orders',
  now,
  policy: {
    fleet: 'ackone-fleet',
    mode: 'primary-standby',
    roles: { 'idc-k8s': 'primary', 'ack-hangzhou': 'standby' },
    minStandbyCapacity: 100,
    selector: { labelSelector: 'backstage.io/kubernetes-id=orders' },
  },
  problems: [],
  fleet: { clusterId: 'c0fleet', name: 'ackone-fleet' },
  members: [
    {
      clusterId: IDC,
      name: 'idc-k8s',
      location: 'idc',
      reachable: true,
      lastSyncAt: now,
    },
    {
      clusterId: ACK,
      name: 'ack-hangzhou',
      location: 'cloud',
      reachable: true,
      lastSyncAt: now,
      consoleUrl: 'https://console.example/c0ack',
    },
  ],
  workloads: [w(IDC, 3), w(ACK, 3)],
  gateway: {
    reachable: true,
    lastSyncAt: now,
    routes: [pinned(100)],
    issues: [],
  },
  ...over,
});

/** Every number a table cell shows, as text. */
function cellNumbers(s: DrStatus): Set<string> {
  const out = new Set<string>();
  for (const wl of s.workloads)
    for (const c of wl.clusters) {
      out.add(`${c.ready} of ${c.desired}`);
      if (c.hpa) out.add(String(c.hpa.maxReplicas));
    }
  for (const c of s.capacity)
    [c.ready, c.max, c.load].forEach(n => out.add(String(n)));
  for (const r of s.gateway.routes)
    for (const m of [r.declared, r.effective, r.byPods])
      Object.values(m).forEach(v => out.add(`${v}%`));
  for (const c of s.clusters)
    if (c.staleSeconds !== undefined) out.add(`${c.staleSeconds} s`);
  return out;
}

/** The summary never says "no warnings" while a capacity row says No. */
function expectCapacityWarned(s: DrStatus) {
  for (const c of s.capacity)
    if (c.load > 0 && !c.canCarryAllNow)
      expect(
        s.warnings.filter(
          x => x.clusterId === c.clusterId && x.id.startsWith('capacity'),
        ),
      ).toHaveLength(1);
}

describe('DR status: states, warnings and links', () => {
  it('is in parity with nothing to warn about when the primary carries all traffic', () => {
    const s = buildDrStatus(input());
    expect(s.state).toBe('in-parity');
    expect(s.failedOver).toBeUndefined();
    expect(s.warnings).toEqual([]);
    expect(s.capacity.every(c => c.canCarryAllNow)).toBe(true);
  });

  it('links clusters and the Fleet to their catalog entities and the console', () => {
    const s = buildDrStatus(input());
    expect(s.fleet).toEqual({
      clusterId: 'c0fleet',
      name: 'ackone-fleet',
      entityRef: 'resource:default/ackone-fleet',
    });
    expect(s.clusters.map(c => [c.entityRef, c.consoleUrl])).toEqual([
      ['resource:default/idc-k8s', undefined],
      ['resource:default/ack-hangzhou', 'https://console.example/c0ack'],
    ]);
    // a name that is no entity name falls back to the lower-cased id
    const odd = buildDrStatus(
      input({
        members: [
          {
            clusterId: 'C1X',
            name: 'IDC K8s!',
            reachable: true,
            lastSyncAt: now,
          },
        ],
        policy: { ...input().policy, mode: 'active-active', roles: {} },
      }),
    );
    expect(odd.clusters[0].entityRef).toBe('resource:default/c1x');
  });

  it('is site-unreachable while a cluster is lost, with its data marked stale and a plain reason', () => {
    const s = buildDrStatus(
      input({
        members: [
          {
            ...input().members[0],
            reachable: false,
            lastSyncAt: new Date(now.getTime() - 42_000),
            message: 'connection refused',
          },
          input().members[1],
        ],
      }),
    );
    expect(s.state).toBe('site-unreachable');
    expect(s.parity.state).toBe('unknown');
    expect(s.clusters[0]).toMatchObject({
      staleSeconds: 42,
      message: 'connection refused',
    });
    expect(s.warnings[0]).toEqual({
      id: 'site-unreachable',
      severity: 'critical',
      clusterId: IDC,
      message:
        'idc-k8s is unreachable (connection refused); what is shown for it is 42 s old.',
      fix: "Check idc-k8s's API server and the leased line or VPN between the IDC and the cloud; the portal reconnects by itself once it answers.",
      link: {
        title: 'idc-k8s in the catalog',
        url: '/catalog/default/resource/idc-k8s',
      },
    });
    for (const n of ['42 s']) expect(cellNumbers(s).has(n)).toBe(true);
  });

  it('is not site-unreachable while a cluster is still connecting the first time', () => {
    const s = buildDrStatus(
      input({
        members: [
          input().members[0],
          {
            clusterId: ACK,
            name: 'ack-hangzhou',
            reachable: false,
            connecting: true,
            message: 'connecting to the API server',
          },
        ],
        workloads: [w(IDC, 3)],
      }),
    );
    expect(s.state).toBe('unknown');
    expect(s.warnings.map(x => [x.id, x.severity])).toEqual([
      ['capacity-unknown', 'warning'],
      ['connecting', 'info'],
    ]);
  });

  it('is failed-over when the gateway gives a cluster with declared traffic none, and dates it from the memo', () => {
    const down = input({
      workloads: [w(IDC, 3, 0), w(ACK, 3)],
      gateway: { ...input().gateway, routes: [pinned(50)] },
    });
    const first = buildDrStatus(down);
    expect(first.state).toBe('failed-over');
    // there was no earlier status: it was so when first looked at
    expect(first.failedOver).toEqual({ from: [IDC], to: [ACK] });
    const w0 = first.warnings[0];
    expect(w0).toMatchObject({
      id: 'failed-over',
      severity: 'critical',
      clusterId: IDC,
      message:
        'Route orders.example.com /: idc-k8s is declared 50% but gets 0% because it has no ready replica; the gateway sends its share to ack-hangzhou (100%).',
      link: { url: '/catalog/default/component/orders/kubernetes' },
    });
    expect(first.gateway.routes[0].effective).toEqual({ [ACK]: 100 });

    // seen in parity before: it began now, and keeps that time
    const healthy = buildDrStatus(input());
    const began = buildDrStatus({ ...down, memo: drStatusMemoOf(healthy) });
    expect(began.failedOver?.since).toBe(now.toISOString());
    const later = new Date(now.getTime() + 60_000);
    const still = buildDrStatus({
      ...down,
      now: later,
      memo: drStatusMemoOf(began),
    });
    expect(still.failedOver?.since).toBe(now.toISOString());
  });

  it('warns when a primary-standby standby serves live traffic, with the by-pods split the cells show', () => {
    // orders in the demo world: no weights, 3 ready in the IDC and 1 in ACK
    const s = buildDrStatus(
      input({
        workloads: [w(IDC, 3), w(ACK, 1)],
        gateway: { ...input().gateway, routes: [route()] },
      }),
    );
    const [r] = s.gateway.routes;
    expect(r.declaredByPods).toBe(100);
    expect(r.byPods).toEqual({ [IDC]: 75, [ACK]: 25 });
    expect(r.effective).toEqual({ [IDC]: 75, [ACK]: 25 });
    const serving = s.warnings.find(x => x.id === 'standby-serving')!;
    expect(serving).toMatchObject({
      severity: 'warning',
      clusterId: ACK,
      message:
        'ack-hangzhou serves 25% of live traffic although it is the standby.',
    });
    expect(serving.fix).toContain(
      `mse.ingress.kubernetes.io/service-subset to ${IDC}`,
    );
    expect(serving.link?.url).toMatch(/^https:\/\//);
    // a load of 4 ready: neither side can carry it all, and both rows are warned
    expect(
      s.capacity.map(c => [c.ready, c.max, c.load, c.canCarryAllAfterScaling]),
    ).toEqual([
      [3, 3, 4, false],
      [1, 1, 4, false],
    ]);
    expectCapacityWarned(s);
    expect(
      s.warnings.find(x => x.clusterId === ACK && x.id === 'capacity')?.message,
    ).toBe(
      'ack-hangzhou could not carry all traffic: it has 1 ready and can reach 1 replica, against a load of 4 ready in the serving clusters.',
    );
    expect(s.warnings[0].severity).toBe('critical');
  });

  it('splits a by-pods share next to a pinned canary', () => {
    const s = buildDrStatus(
      input({
        workloads: [w(IDC, 3), w(ACK, 1)],
        gateway: {
          ...input().gateway,
          routes: [route({ clusterId: ACK, weight: 20 })],
        },
      }),
    );
    const [r] = s.gateway.routes;
    expect(r.declared).toEqual({ [ACK]: 20 });
    expect(r.declaredByPods).toBe(80);
    expect(r.byPods).toEqual({ [IDC]: 60, [ACK]: 20 });
    expect(r.effective).toEqual({ [IDC]: 60, [ACK]: 40 });
  });

  it('quotes in its warnings the same numbers the cells show, after scaling', () => {
    // web-demo after `scale ack web-demo/web-demo 1`: HPA up to 4
    const hpa = { name: 'web-demo', minReplicas: 2, maxReplicas: 4 };
    const s = buildDrStatus(
      input({
        policy: { ...input().policy, mode: 'active-active', roles: {} },
        workloads: [w(IDC, 2, 2, { hpa }), w(ACK, 1, 1, { hpa })],
        gateway: { ...input().gateway, routes: [pinned(50)] },
      }),
    );
    const ready = s.warnings.find(x => x.id === 'replicas-ready')!;
    expect(ready.message).toBe(
      'Deployment orders/orders: ack-hangzhou has 1 of 1 replica ready; the policy asks for 2 (its HPA can scale it to 4).',
    );
    const cells = cellNumbers(s);
    expect(cells.has('1 of 1')).toBe(true);
    for (const x of s.warnings) {
      for (const m of x.message.matchAll(/(\d+) of (\d+)/g))
        expect(cells.has(`${m[1]} of ${m[2]}`)).toBe(true);
      for (const m of x.message.matchAll(/(\d+(?:\.\d+)?)%/g))
        expect(cells.has(`${m[1]}%`)).toBe(true);
    }
    expectCapacityWarned(s);
    expect(
      s.warnings.filter(x => x.id === 'capacity-needs-scaling'),
    ).toHaveLength(2);
  });

  it('warns that no cluster can serve a route', () => {
    const s = buildDrStatus(
      input({
        workloads: [w(IDC, 3, 0), w(ACK, 3, 0)],
        gateway: { ...input().gateway, routes: [route()] },
      }),
    );
    expect(s.gateway.routes[0].byPods).toEqual({});
    expect(s.warnings[0]).toMatchObject({
      id: 'no-cluster-serves',
      severity: 'critical',
    });
    expect(s.capacity.every(c => c.load === 0)).toBe(true);
  });

  it('keeps critical severity for lost sites, failovers and load that cannot be carried only', () => {
    const scenarios = [
      input(),
      input({
        workloads: [w(IDC, 3), w(ACK, 1)],
        gateway: { ...input().gateway, routes: [route()] },
      }),
      input({
        workloads: [w(IDC, 3, 0), w(ACK, 3)],
        gateway: { ...input().gateway, routes: [pinned(50)] },
      }),
      input({ workloads: [w(IDC, 3)] }),
      input({
        gateway: {
          ...input().gateway,
          reachable: false,
          message: 'timed out after 5 s',
        },
      }),
    ];
    for (const i of scenarios) {
      const s = buildDrStatus(i);
      for (const x of s.warnings.filter(y => y.severity === 'critical'))
        expect([
          'site-unreachable',
          'failed-over',
          'capacity',
          'no-cluster-serves',
        ]).toContain(x.id);
      const ranks = s.warnings.map(x =>
        ['critical', 'warning', 'info'].indexOf(x.severity),
      );
      expect(ranks).toEqual([...ranks].sort());
      for (const x of s.warnings.filter(y => y.severity !== 'info'))
        expect(x.fix).toBeTruthy();
    }
  });

  it('says where to look when the Fleet cannot be read', () => {
    const s = buildDrStatus(
      input({
        gateway: {
          ...input().gateway,
          reachable: false,
          message: 'timed out after 5 s',
        },
      }),
    );
    expect(s.warnings).toEqual([
      expect.objectContaining({
        id: 'gateway-unreachable',
        severity: 'warning',
        message:
          "The Fleet's gateway configuration could not be read (timed out after 5 s); the routes shown are the last known.",
        link: {
          title: 'ackone-fleet in the catalog',
          url: '/catalog/default/resource/ackone-fleet',
        },
      }),
    ]);
  });
});
