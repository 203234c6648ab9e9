import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { parseGatewayIngresses } from '@internal/plugin-ack-one-common';
import {
  FAILOVER_MARKER_ANNOTATION,
  planLayout,
  recordBefore,
  targetsFor,
} from './gatewayPlan';
import { GatewayWriter, UnexpectedChangeError } from './GatewayWriter';
import { kubeJsonClient } from './kubeClient';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';

jest.setTimeout(60_000);

const WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';
const CANARY = 'nginx.ingress.kubernetes.io/canary';

describe('GatewayWriter against the Fleet API server', () => {
  let sim: Simulator;
  let dir: string;
  let ackOne: DefaultAckOneService;
  let fleetId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-writer-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
    fleetId = sim.endpoints.clusters.fleet.clusterId!;
    ackOne = new DefaultAckOneService({
      accounts: readAckOneAccounts(
        new ConfigReader({
          ackOne: {
            accounts: [simulatorAccountConfig(sim, { maxAttempts: 1 })],
          },
        }),
      ),
    });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const fleet = () => sim.world.server('fleet').api;
  const ingress = (ns: string, name: string) =>
    fleet().getObj('networking.k8s.io/v1', 'Ingress', ns, name);
  /** Another writer: changes the live object (the API server bumps its resourceVersion). */
  const edit = (
    ns: string,
    name: string,
    annotations: Record<string, string>,
  ) => {
    const cur = ingress(ns, name);
    fleet().upsert({
      ...cur,
      metadata: {
        ...cur.metadata,
        resourceVersion: undefined,
        annotations: { ...cur.metadata.annotations, ...annotations },
      },
    });
  };

  function writer(options: {
    beforeReplace?: (ns: string, name: string) => Promise<void>;
    recheck?: () => Promise<void>;
  }) {
    const recheck = jest.fn(options.recheck ?? (async () => {}));
    const w = new GatewayWriter({
      kube: kubeJsonClient({
        kubeConfig: async () =>
          ackOne.toKubeConfig(
            await ackOne.getFleetKubeconfig('sim', 'cn-hangzhou', fleetId),
          ),
        timeoutMs: 5_000,
      }),
      recheck,
      beforeReplace: options.beforeReplace,
    });
    return { w, recheck };
  }

  const target = (weight: string) => ({
    namespace: 'payments',
    name: 'payments-canary',
    annotations: { [CANARY]: 'true', [WEIGHT]: weight },
  });
  const expected = (weight: string) => ({ [CANARY]: 'true', [WEIGHT]: weight });

  beforeEach(() => edit('payments', 'payments-canary', { [WEIGHT]: '0' }));

  it('loses a race to an unrelated edit: re-checks the rules, reads again and writes, keeping the other edit', async () => {
    let raced = false;
    const { w, recheck } = writer({
      beforeReplace: async (ns, name) => {
        if (raced) return;
        raced = true;
        edit(ns, name, { 'example.com/owner-note': 'edited meanwhile' });
      },
    });
    expect(await w.apply(target('100'), expected('0'))).toBe('applied');
    expect(w.conflicts).toBe(1);
    expect(recheck).toHaveBeenCalledTimes(1);
    const after = ingress('payments', 'payments-canary').metadata.annotations;
    expect(after[WEIGHT]).toBe('100');
    expect(after['example.com/owner-note']).toBe('edited meanwhile');
  });

  it('never overwrites weights someone else changed meanwhile', async () => {
    let raced = false;
    const { w, recheck } = writer({
      beforeReplace: async (ns, name) => {
        if (raced) return;
        raced = true;
        edit(ns, name, { [WEIGHT]: '30' });
      },
    });
    const attempt = w.apply(target('100'), expected('0'));
    await expect(attempt).rejects.toThrow(UnexpectedChangeError);
    await expect(attempt).rejects.toThrow(
      'Ingress payments/payments-canary was changed by someone else during the failover: canary-weight is "30", expected "0"',
    );
    expect(recheck).toHaveBeenCalledTimes(1);
    expect(
      ingress('payments', 'payments-canary').metadata.annotations[WEIGHT],
    ).toBe('30');
  });

  it('stops when the rules fail on the re-check after a lost race', async () => {
    const { w } = writer({
      beforeReplace: async (ns, name) =>
        edit(ns, name, { 'example.com/x': String(Math.random()) }),
      recheck: async () => {
        throw new Error('capacity: ack-hangzhou lost its replicas');
      },
    });
    await expect(w.apply(target('100'), expected('0'))).rejects.toThrow(
      'capacity: ack-hangzhou lost its replicas',
    );
    expect(
      ingress('payments', 'payments-canary').metadata.annotations[WEIGHT],
    ).toBe('0');
  });

  it('does not write an Ingress that already carries the target', async () => {
    edit('payments', 'payments-canary', { [WEIGHT]: '100' });
    const rv = ingress('payments', 'payments-canary').metadata.resourceVersion;
    const { w } = writer({});
    expect(await w.apply(target('100'), expected('0'))).toBe('unchanged');
    expect(
      ingress('payments', 'payments-canary').metadata.resourceVersion,
    ).toBe(rv);
  });

  it('creates a canary for a route without one, pins its base, and a rollback restores both', async () => {
    const idc = sim.endpoints.clusters.idc.clusterId!;
    const ack = sim.endpoints.clusters.ack.clusterId!;
    const clusters = [
      { clusterId: idc, name: 'idc-k8s', location: 'idc' },
      { clusterId: ack, name: 'ack-hangzhou', location: 'cloud' },
    ];
    const orders = ingress('orders', 'orders');
    const { layout } = planLayout([orders], clusters);
    expect(layout!.routes[0]).toMatchObject({
      base: 'orders',
      baseCluster: idc,
      pinBase: true,
      canary: 'orders-failover',
      canaryCluster: ack,
      createCanary: true,
    });
    const live = (ns: string, n: string) => ingress(ns, n);
    const targets = targetsFor(
      layout!,
      { [idc]: 0, [ack]: 100 },
      'req-1',
      (ns, n) => live(ns, n)?.metadata.annotations,
    );
    const before = recordBefore(targets, live);
    expect(before.map(b => [b.name, b.existed])).toEqual([
      ['orders-failover', false],
      ['orders', true],
    ]);
    const { w } = writer({});
    for (const t of targets) {
      const b = before.find(x => x.name === t.name)!;
      await w.apply(
        t,
        b.existed
          ? Object.fromEntries(b.keys.map(k => [k, b.annotations[k]]))
          : 'absent',
      );
    }
    const canary = ingress('orders', 'orders-failover');
    expect(canary.metadata.annotations).toMatchObject({
      [CANARY]: 'true',
      [WEIGHT]: '100',
      'mse.ingress.kubernetes.io/service-subset': ack,
      [FAILOVER_MARKER_ANNOTATION]: 'req-1',
    });
    expect(canary.spec.rules).toEqual(orders.spec.rules);
    const routes = parseGatewayIngresses([
      ingress('orders', 'orders'),
      canary,
    ]).routes;
    expect(routes[0].base.clusterId).toBe(idc);
    expect(routes[0].canaries[0]).toMatchObject({
      clusterId: ack,
      weight: 100,
    });

    for (const b of [...before].reverse()) await w.restore(b, 'req-1');
    expect(ingress('orders', 'orders-failover')).toBeUndefined();
    expect(ingress('orders', 'orders').metadata.annotations ?? {}).toEqual(
      orders.metadata.annotations ?? {},
    );
  });
});
