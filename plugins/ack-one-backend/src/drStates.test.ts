import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { DrStatus } from '@internal/plugin-ack-one-common';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';
import request from 'supertest';
import { ackOnePlugin } from './plugin';
import { demoEntities, eventually } from './__testUtils__/demo';

jest.setTimeout(60_000);

/** Numbers the tables of the DR tab show, as text. */
function cellNumbers(s: DrStatus): Set<string> {
  const out = new Set<string>();
  for (const w of s.workloads)
    for (const c of w.clusters) out.add(`${c.ready} of ${c.desired}`);
  for (const c of s.capacity)
    [c.ready, c.max, c.load].forEach(n => out.add(String(n)));
  // a cluster missing from a share shows 0%
  for (const r of s.gateway.routes)
    for (const m of [r.declared, r.effective, r.byPods])
      for (const c of s.clusters) out.add(`${m[c.clusterId] ?? 0}%`);
  return out;
}

function expectWarningNumbersInCells(s: DrStatus) {
  const cells = cellNumbers(s);
  for (const w of s.warnings) {
    for (const m of w.message.matchAll(/(\d+) of (\d+) replicas? ready/g))
      expect(cells).toContain(`${m[1]} of ${m[2]}`);
    // traffic shares (not the policy's percentages) are the route cells'
    for (const m of w.message.matchAll(
      /(?:serves|declared|gets|\() ?(\d+(?:\.\d+)?)%/g,
    ))
      expect(cells).toContain(`${m[1]}%`);
  }
}

describe('ack-one backend: honest DR states against the simulator', () => {
  let sim: Simulator;
  let dir: string;
  let server: any;
  let stopBackend: () => Promise<void>;
  let idc: string;
  let ack: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-dr-states-'));
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
        catalogServiceMock.factory({ entities: demoEntities }),
        mockServices.rootConfig.factory({
          data: {
            ackOne: {
              accounts: [simulatorAccountConfig(sim, { maxAttempts: 1 })],
              drStatus: { probeIntervalSeconds: 0.2, probeTimeoutSeconds: 0.5 },
              consoleUrlPattern:
                'https://cs.console.aliyun.com/#/k8s/cluster/{clusterId}/v2/info/overview?region={regionId}',
              argoCdUrlPattern:
                'https://argocd.example.com/applications/{namespace}/{name}',
            },
          },
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

  const status = async (name: string): Promise<DrStatus> => {
    const res = await request(server)
      .get(`/api/ack-one/v1/entities/component/default/${name}/dr-status`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const settled = (s: DrStatus) =>
    s.clusters.length === 2 &&
    s.clusters.every(c => c.reachable) &&
    s.gateway.reachable &&
    s.workloads.length > 0 &&
    s.workloads.every(w => w.clusters.every(c => c.ready === c.desired));

  it('links clusters, the Fleet and the Argo CD Applications that deploy the service', async () => {
    const s = await eventually(
      () => status('web-demo'),
      x => settled(x) && (x.argoCdApplications?.length ?? 0) === 2,
      20_000,
    );
    expect(s.fleet?.entityRef).toBe('resource:default/ackone-fleet');
    const byName = Object.fromEntries(s.clusters.map(c => [c.name, c]));
    expect(byName['idc-k8s'].entityRef).toBe('resource:default/idc-k8s');
    expect(byName['ack-hangzhou'].consoleUrl).toBe(
      `https://cs.console.aliyun.com/#/k8s/cluster/${ack}/v2/info/overview?region=cn-hangzhou`,
    );
    expect(s.argoCdApplications).toEqual([
      {
        name: 'ack-hangzhou-web-demo',
        namespace: 'argocd',
        url: 'https://argocd.example.com/applications/argocd/ack-hangzhou-web-demo',
        syncStatus: 'Synced',
        healthStatus: expect.any(String),
      },
      {
        name: 'idc-k8s-web-demo',
        namespace: 'argocd',
        url: 'https://argocd.example.com/applications/argocd/idc-k8s-web-demo',
        syncStatus: 'Synced',
        healthStatus: expect.any(String),
      },
    ]);
  });

  it('warns that the orders standby serves live traffic, with the by-pods shares and one warning per capacity row', async () => {
    const s = await eventually(() => status('orders'), settled, 20_000);
    const [route] = s.gateway.routes;
    expect(route.declaredByPods).toBe(100);
    expect(route.byPods).toEqual({ [idc]: 75, [ack]: 25 });
    const serving = s.warnings.find(w => w.id === 'standby-serving');
    expect(serving).toMatchObject({
      severity: 'warning',
      clusterId: ack,
      message:
        'ack-hangzhou serves 25% of live traffic although it is the standby.',
    });
    expect(serving?.fix).toContain('service-subset');
    for (const c of s.capacity.filter(x => !x.canCarryAllNow))
      expect(
        s.warnings.filter(
          w => w.clusterId === c.clusterId && w.id.startsWith('capacity'),
        ),
      ).toHaveLength(1);
    expect(
      s.warnings.find(w => w.id === 'capacity' && w.clusterId === ack)?.message,
    ).toBe(
      'ack-hangzhou could not carry all traffic: it has 1 ready and can reach 1 replica, against a load of 4 ready in the serving clusters.',
    );
    expectWarningNumbersInCells(s);
    expect(s.state).toBe('degraded');
  });

  it('quotes the cells after scaling: 1 of 1 ready, not 1 of 2', async () => {
    await eventually(() => status('web-demo'), settled, 20_000);
    await sim.faults.scale('ack', 'web-demo', 'web-demo', 1);
    try {
      const s = await eventually(
        () => status('web-demo'),
        x =>
          x.workloads[0]?.clusters.find(c => c.clusterId === ack)?.ready === 1,
        5_000,
      );
      const w = s.warnings.find(x => x.id === 'replicas-ready');
      expect(w?.message).toBe(
        'Deployment web-demo/web-demo: ack-hangzhou has 1 of 1 replica ready; the policy asks for 2 (its HPA can scale it to 4).',
      );
      expect(w?.link?.url).toBe(
        '/catalog/default/component/web-demo/kubernetes',
      );
      expectWarningNumbersInCells(s);
    } finally {
      await sim.faults.scale('ack', 'web-demo', 'web-demo', 2);
    }
    await eventually(() => status('web-demo'), settled, 10_000);
  });

  it('is failed-over while the gateway moves a cluster’s declared share away, dated from when the backend saw it', async () => {
    await eventually(() => status('web-demo'), settled, 20_000);
    const before = Date.now();
    sim.faults.podsReady('idc', false, 'web-demo');
    try {
      const s = await eventually(
        () => status('web-demo'),
        x => x.state === 'failed-over',
        10_000,
      );
      expect(s.failedOver).toEqual({
        from: [idc],
        to: [ack],
        since: expect.any(String),
      });
      expect(Date.parse(s.failedOver!.since!)).toBeGreaterThanOrEqual(
        before - 1000,
      );
      expect(s.gateway.routes[0].effective).toEqual({ [ack]: 100 });
      expect(s.warnings[0]).toMatchObject({
        id: 'failed-over',
        severity: 'critical',
        clusterId: idc,
        message: `Route example.com /svc1: idc-k8s is declared 50% but gets 0% because it has no ready replica; the gateway sends its share to ack-hangzhou (100%).`,
      });
      expectWarningNumbersInCells(s);
      const again = await status('web-demo');
      expect(again.failedOver?.since).toBe(s.failedOver!.since);
    } finally {
      sim.faults.podsReady('idc', true, 'web-demo');
    }
    const back = await eventually(() => status('web-demo'), settled, 10_000);
    expect(back.state).toBe('in-parity');
    expect(back.failedOver).toBeUndefined();
  });

  it('is site-unreachable with a plain reason, never the transport text', async () => {
    await eventually(() => status('payments'), settled, 20_000);
    await sim.faults.apiServerOffline('ack', 'refuse');
    try {
      const s = await eventually(
        () => status('payments'),
        x => x.state === 'site-unreachable',
        5_000,
      );
      const down = s.clusters.find(c => c.clusterId === ack)!;
      expect(down.message).toBe('connection refused');
      expect(s.warnings[0]).toMatchObject({
        id: 'site-unreachable',
        severity: 'critical',
        clusterId: ack,
        link: {
          title: 'ack-hangzhou in the catalog',
          url: '/catalog/default/resource/ack-hangzhou',
        },
      });
      expect(s.warnings[0].fix).toContain("ack-hangzhou's API server");
      expect(JSON.stringify(s)).not.toMatch(
        /ECONNREFUSED|127\.0\.0\.1|request to https?:/,
      );
    } finally {
      await sim.faults.apiServerOnline('ack');
    }
    await eventually(() => status('payments'), settled, 20_000);
  });
});
