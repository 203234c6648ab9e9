import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { readAckOneAccounts } from '../config';
import { DefaultAckOneService } from '../DefaultAckOneService';
import { AckOneApiError } from '../errors';
import {
  AckOneWriteService,
  createAckOneWriteService,
} from './AckOneWriteService';
import { listFleetApplicationSets } from './applicationSets';
import { clientTokenFor } from './clientToken';
import { parseManifest } from './kube';
import { simulatorAccountConfig } from '../testUtils';

jest.setTimeout(60_000);

const where = { account: 'sim', region: 'cn-hangzhou' };

describe('AckOneWriteService against the simulator (demo world)', () => {
  let sim: Simulator;
  let dir: string;
  let ackOne: DefaultAckOneService;
  let write: AckOneWriteService;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-write-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
      gatewayStepMs: 20,
    });
    ackOne = new DefaultAckOneService({
      accounts: readAckOneAccounts(
        new ConfigReader({
          ackOne: {
            accounts: [simulatorAccountConfig(sim)],
          },
        }),
      ),
      backoff: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    write = createAckOneWriteService(ackOne);
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('derives stable, short client tokens', () => {
    const a = clientTokenFor('task-1', 'vbr');
    expect(a).toBe(clientTokenFor('task-1', 'vbr'));
    expect(a).not.toBe(clientTokenFor('task-2', 'vbr'));
    expect(a).not.toBe(clientTokenFor('task-1', 'vbr', 1));
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).toMatch(/^[\x20-\x7e]+$/);
  });

  it('looks up the network of the region', async () => {
    const [vpc] = await write.describeVpcs(where);
    expect(vpc.cidrBlock).toBe('192.168.0.0/16');
    const vsws = await write.describeVSwitches(where, vpc.vpcId);
    expect(vsws.map(v => v.zoneId).sort()).toEqual([
      'cn-hangzhou-h',
      'cn-hangzhou-i',
    ]);
    const [pc] = await write.describePhysicalConnections(where);
    expect(pc.status).toBe('Enabled');
    const tables = await write.describeRouteTables(where, {
      vpcId: vpc.vpcId,
    });
    expect(tables[0]).toMatchObject({ routerType: 'VRouter' });
  });

  it('answers a repeated ClientToken with the first VBR', async () => {
    const [pc] = await write.describePhysicalConnections(where);
    const input = {
      physicalConnectionId: pc.physicalConnectionId,
      vlanId: 2001,
      localGatewayIp: '10.254.9.1',
      peerGatewayIp: '10.254.9.2',
      peeringSubnetMask: '255.255.255.252',
      clientToken: clientTokenFor('write-test', 'vbr'),
    };
    const first = await write.createVirtualBorderRouter(where, input);
    const again = await write.createVirtualBorderRouter(where, input);
    expect(again).toBe(first);
    const vbrs = await write.describeVirtualBorderRouters(where, {
      physicalConnectionId: pc.physicalConnectionId,
    });
    expect(vbrs.filter(v => v.vlanId === 2001)).toHaveLength(1);
    expect(vbrs[0].routeTableId).toBeTruthy();
  });

  it('keeps a BGP auth key out of errors', async () => {
    const err = await write
      .createBgpGroup(where, {
        routerId: 'vbr-doesnotexist',
        peerAsn: 65010,
        authKey: 'very-secret-key',
        clientToken: clientTokenFor('write-test', 'bgp'),
      })
      .catch(e => e);
    expect(err).toBeInstanceOf(AckOneApiError);
    expect(String(err.message)).not.toContain('very-secret-key');
  });

  it('server-side applies, reads and lists objects in the Fleet', async () => {
    const [fleet] = await ackOne.listFleets('sim', 'cn-hangzhou');
    const target = {
      kind: 'fleet' as const,
      ...where,
      fleetId: fleet.clusterId,
    };
    const applied = await write.applyObjects(
      target,
      [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'write-test', labels: { a: 'b' } },
        },
      ],
      { fieldManager: 'ack-one-test' },
    );
    expect(applied).toEqual([
      { kind: 'Namespace', name: 'write-test', namespace: undefined },
    ]);
    const ns = await write.getObject(target, {
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'write-test',
    });
    expect(ns?.metadata.labels).toMatchObject({ a: 'b' });
    await expect(
      write.getObject(target, {
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'nope',
      }),
    ).resolves.toBeUndefined();
    const appsets = await listFleetApplicationSets(
      ackOne,
      'sim',
      'cn-hangzhou',
      fleet.clusterId,
    );
    expect(appsets.map(a => a.name).sort()).toEqual([
      'orders',
      'payments',
      'reports',
      'web-demo',
    ]);
    expect(appsets[0].destinationNamespace).toBeTruthy();
  });

  it('splits manifests without showing their content on errors', () => {
    expect(
      parseManifest(
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n',
      ),
    ).toHaveLength(1);
    expect(() => parseManifest('a: [\nsecret: x')).toThrow(
      /not valid YAML \(its content is not shown/,
    );
  });
});
