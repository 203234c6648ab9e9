import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { readAckOneAccounts } from '../config';
import { DefaultAckOneService } from '../DefaultAckOneService';
import type { AckOneService } from '../types';
import { DefaultAckOneInventory } from './DefaultAckOneInventory';
import type { AckOneInventorySnapshot } from './types';
import { simulatorAccountConfig } from '../testUtils';

jest.setTimeout(60_000);

describe('DefaultAckOneInventory against the simulator (demo world)', () => {
  let sim: Simulator;
  let dir: string;
  let service: DefaultAckOneService;
  let inventory: DefaultAckOneInventory;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-inventory-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
      gatewayStepMs: 20,
    });
  });

  beforeEach(() => {
    sim.cloud.faults.reset();
    service = new DefaultAckOneService({
      accounts: readAckOneAccounts(
        new ConfigReader({
          ackOne: {
            accounts: [simulatorAccountConfig(sim, { maxAttempts: 1 })],
          },
        }),
      ),
    });
    inventory = new DefaultAckOneInventory({
      ackOne: service,
      logger: mockServices.logger.mock(),
      refreshMs: 600_000,
    });
  });

  afterEach(() => inventory.stop());

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the Fleet with details, members, gateway and clusters', async () => {
    const s = await inventory.ready();
    expect(s.regions).toEqual([
      { account: 'sim', region: 'cn-hangzhou', readAt: expect.any(String) },
    ]);
    expect(s.fleets).toHaveLength(1);
    const [fleet] = s.fleets;
    expect(fleet).toMatchObject({
      name: 'ackone-fleet',
      entityName: 'ackone-fleet',
      gitOpsEnabled: true,
      ref: { kind: 'fleet', account: 'sim', region: 'cn-hangzhou' },
    });
    expect(
      fleet.members.map(m => [m.name, m.location, m.connectable]).sort(),
    ).toEqual([
      ['ack-hangzhou', 'cloud', true],
      ['idc-k8s', 'idc', true],
    ]);
    expect(fleet.members.every(m => m.apiServerEndpoints.intranet)).toBe(true);
    expect(fleet.gateways.map(g => g.kind)).toEqual(['MseIngressConfig']);
    const idc = s.clusters.find(c => c.name === 'idc-k8s')!;
    expect(idc).toMatchObject({
      location: 'idc',
      connectable: true,
      fleetIds: [fleet.clusterId],
    });
    expect(await inventory.findCluster(idc.clusterId)).toEqual(idc);
    expect(await inventory.findFleet('resource:default/ackone-fleet')).toBe(
      fleet,
    );
    expect(await inventory.findRef(fleet.clusterId)).toEqual(fleet.ref);
  });

  it('shares one read among concurrent callers', async () => {
    service.resetCallCounts();
    const reads = await Promise.all([
      inventory.refresh(),
      inventory.refresh(),
      inventory.ready(),
      inventory.findCluster('c-none'),
    ]);
    expect(reads[0]).toBe(reads[1]);
    expect(reads[1]).toBe(reads[2]);
    expect(service.getCallCounts().DescribeHubClusters).toBe(1);
  });

  it('answers an unknown id from memory after one read', async () => {
    await inventory.ready();
    service.resetCallCounts();
    expect(await inventory.findCluster('c-unknown')).toBeUndefined();
    expect(service.getCallCounts().DescribeHubClusters).toBe(1);
    expect(await inventory.findCluster('c-unknown')).toBeUndefined();
    expect(await inventory.findFleet('c-unknown')).toBeUndefined();
    expect(await inventory.findRef('c-unknown')).toBeUndefined();
    expect(service.getCallCounts().DescribeHubClusters).toBe(1);
  });

  it('keeps the last good data of a region that fails, and reports the error', async () => {
    const good = await inventory.ready();
    sim.cloud.faults.failNext(2, { status: 503, code: 'ServiceUnavailable' });
    const failed = await inventory.refresh();
    expect(failed.regions[0].error).toMatch(/ServiceUnavailable/);
    expect(failed.regions[0].readAt).toBe(good.regions[0].readAt);
    expect(failed.fleets).toEqual(good.fleets);
    expect(failed.clusters).toEqual(good.clusters);
    const again = await inventory.refresh();
    expect(again.regions[0].error).toBeUndefined();
  });

  it('reads the gateways of a Fleet again when older than asked, once for concurrent callers', async () => {
    const { fleets } = await inventory.ready();
    const fleetId = fleets[0].clusterId;
    service.resetCallCounts();
    const [a, b] = await Promise.all([
      inventory.fleetGateways(fleetId),
      inventory.fleetGateways(fleetId),
    ]);
    expect(a).toBe(b);
    expect(a.map(g => g.status)).toEqual(['Listening']);
    expect(service.getCallCounts()['k8s:list mseingressconfigs']).toBe(1);
    // what was read is held, and served while young enough
    expect(inventory.current().fleets[0].gateways).toBe(a);
    service.resetCallCounts();
    const held = await inventory.fleetGateways(fleetId, { maxAgeMs: 60_000 });
    expect(held).toBe(a);
    expect(service.getCallCounts()).toEqual({});
    await expect(inventory.fleetGateways('c-none')).rejects.toThrow(
      /not in the ACK One inventory/,
    );
  });

  it('tells subscribers when a member leaves, and only on a change', async () => {
    await inventory.ready();
    const seen: AckOneInventorySnapshot[] = [];
    const unsubscribe = inventory.subscribe(s => seen.push(s));
    await inventory.refresh();
    expect(seen).toHaveLength(0);
    const fleet = sim.cloud.state.fleets[0];
    const members = [...fleet.members];
    const ack = sim.cloud.state.clusters.find(c => c.name === 'ack-hangzhou')!;
    fleet.members = members.filter(id => id !== ack.clusterId);
    try {
      await inventory.refresh();
      expect(seen).toHaveLength(1);
      expect(seen[0].fleets[0].members.map(m => m.name)).toEqual(['idc-k8s']);
      // lookups answer from the data now
      expect(
        (await inventory.findFleet(fleet.clusterId))?.members.map(m => m.name),
      ).toEqual(['idc-k8s']);
      expect((await inventory.ready()).version).toBe(seen[0].version);
      expect(
        seen[0].clusters.find(c => c.clusterId === ack.clusterId)?.fleetIds,
      ).toEqual([]);
      unsubscribe();
      fleet.members = members;
      await inventory.refresh();
      expect(seen).toHaveLength(1);
    } finally {
      fleet.members = members;
    }
  });
});

describe('DefaultAckOneInventory rules', () => {
  const fleet = {
    account: 'a',
    regionId: 'cn-hangzhou',
    clusterId: 'cf1',
    name: 'fleet',
    state: 'running',
    vSwitches: [],
    tags: [],
  };
  const csCluster = (clusterId: string, name: string, state: string) => ({
    account: 'a',
    clusterId,
    name,
    clusterType: 'ManagedKubernetes',
    regionId: 'cn-hangzhou',
    state,
    apiServerEndpoints: {},
    tags: [],
  });
  const ackOne = {
    listAccounts: () => [
      { id: 'a', regions: ['cn-hangzhou'], namespaceScope: 'namespace-label' },
    ],
    listFleets: async () => [fleet],
    getFleet: async () => ({ ...fleet, gitOpsEnabled: false }),
    listManagedClusters: async () => [
      { clusterId: 'c1', name: 'stays', memberState: 'Successed' },
      { clusterId: 'c2', name: 'leaving', memberState: 'Deleting' },
      { clusterId: 'c3', name: 'gone', memberState: 'Deleted' },
      { clusterId: 'c4', name: 'stopped', memberState: 'Successed' },
    ],
    listClusters: async () => [
      csCluster('c1', 'stays', 'running'),
      csCluster('c2', 'leaving', 'running'),
      csCluster('c4', 'stopped', 'stopped'),
      csCluster('C5', 'Not A Name', 'deleting'),
    ],
    listFleetGateways: async () => [],
    retainKubeconfigs: () => {},
  } as unknown as AckOneService;

  it('drops members leaving their Fleet and reaches only connectable clusters', async () => {
    const inventory = new DefaultAckOneInventory({
      ackOne,
      logger: mockServices.logger.mock(),
    });
    const s = await inventory.ready();
    expect(s.fleets[0].members.map(m => [m.name, m.connectable])).toEqual([
      ['stays', true],
      ['stopped', false],
    ]);
    expect(s.clusters.map(c => [c.clusterId, c.connectable])).toEqual([
      ['c1', true],
      ['c2', true],
      ['c4', false],
      ['C5', false],
    ]);
    expect(s.clusters.find(c => c.clusterId === 'c2')?.fleetIds).toEqual([]);
    expect(inventory.isConnectable({ state: 'updating' })).toBe(true);
    expect(inventory.isConnectable({ state: 'waiting' })).toBe(false);
    expect(
      inventory.isConnectable({ state: 'running', memberState: 'Deleted' }),
    ).toBe(false);
    expect(inventory.isConnectable({})).toBe(true);
  });

  it('names entities by their name when valid, else by their lower-cased id', async () => {
    const inventory = new DefaultAckOneInventory({
      ackOne,
      logger: mockServices.logger.mock(),
    });
    const s = await inventory.ready();
    expect(s.clusters.find(c => c.clusterId === 'C5')?.entityName).toBe('c5');
    expect(s.fleets[0].entityName).toBe('fleet');
    expect(inventory.entityName('idc-k8s', 'c1')).toBe('idc-k8s');
    expect(inventory.entityName('Not A Name', 'cABC')).toBe('cabc');
    expect(inventory.entityName('Not A Name', 'not/valid!')).toBeUndefined();
  });
});
