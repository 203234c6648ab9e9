import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { parseDrAnnotations } from '@internal/plugin-ack-one-common';
import { AckOneApplicationSet } from '@internal/plugin-ack-one-node';
import { componentEntity, isCatalogApplicationSet } from './components';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';
import { providerHarness } from './__testUtils__/providerHarness';

jest.setTimeout(60_000);

const shopAppSet: AckOneApplicationSet = {
  fleetId: 'cfleet',
  name: 'shop',
  namespace: 'argocd',
  labels: {},
  destinationNamespace: 'shop-ns',
  annotations: {
    'backstage.io/owner': 'group:default/team-a',
    'backstage.io/kubernetes-id': 'shop',
    'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
    'ack-one/min-standby-capacity': '50',
    'ack-one/rto': '5m',
  },
};

describe('componentEntity', () => {
  const where = {
    account: 'prod',
    region: 'cn-hangzhou',
    fleetEntityName: 'ackone-fleet',
  };

  it('is a service with the DR policy, the Fleet and the Kubernetes id', () => {
    const entity = componentEntity(shopAppSet, where);
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'shop',
        annotations: {
          'ack-one/fleet': 'ackone-fleet',
          'ack-one/fleet-id': 'cfleet',
          'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
          'ack-one/min-standby-capacity': '50',
          'ack-one/rto': '5m',
          'backstage.io/kubernetes-id': 'shop',
          'backstage.io/kubernetes-namespace': 'shop-ns',
          'backstage.io/managed-by-location':
            'ack-one:prod/cn-hangzhou/cfleet/applicationsets/shop',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/team-a',
        dependsOn: ['resource:default/ackone-fleet'],
      },
    });
    const { policy, problems } = parseDrAnnotations(entity);
    expect(problems).toEqual([]);
    expect(policy).toMatchObject({
      fleet: 'ackone-fleet',
      mode: 'primary-standby',
      minStandbyCapacity: 50,
      selector: {
        labelSelector: 'backstage.io/kubernetes-id=shop',
        namespace: 'shop-ns',
      },
    });
  });

  it('leaves out ApplicationSets that name no Backstage owner', () => {
    expect(isCatalogApplicationSet(shopAppSet)).toBe(true);
    expect(isCatalogApplicationSet({ ...shopAppSet, annotations: {} })).toBe(
      false,
    );
  });

  it('refuses a name that cannot be an entity name', () => {
    expect(() =>
      componentEntity(
        {
          ...shopAppSet,
          annotations: {
            ...shopAppSet.annotations,
            'backstage.io/kubernetes-id': 'not valid!',
          },
        },
        where,
      ),
    ).toThrow('"not valid!" is not a valid entity name');
  });
});

describe('AckOneEntityProvider components (demo world)', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-components-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
      gatewayStepMs: 20,
    });
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const config = new ConfigReader({
      ackOne: {
        accounts: [
          simulatorAccountConfig(sim, { maxAttempts: 2, callTimeoutMs: 3000 }),
        ],
      },
      catalog: {
        providers: {
          ackOne: { demo: { account: 'sim', owner: 'group:default/platform' } },
        },
      },
    });
    return providerHarness(config);
  }

  const components = (entities: Entity[]) =>
    entities.filter(e => e.kind === 'Component');

  it('turns an ApplicationSet with Backstage annotations into a Component, and keeps it while the Fleet cannot be read', async () => {
    const fleet = sim.world.server('fleet').api;
    const webDemo = fleet.getObj(
      'argoproj.io/v1alpha1',
      'ApplicationSet',
      'argocd',
      'web-demo',
    );
    fleet.upsert({
      ...webDemo,
      metadata: {
        name: 'shop',
        namespace: 'argocd',
        annotations: shopAppSet.annotations,
      },
      status: undefined,
    });
    const { provider, connection, mutations, logger } = setup();
    try {
      await provider.connect(connection);
      await provider.refresh();
      // the demo world's own ApplicationSets name no owner: not components
      expect(components(mutations[0]).map(c => c.metadata.name)).toEqual([
        'shop',
      ]);
      const [shop] = components(mutations[0]);
      expect(shop.metadata.annotations).toMatchObject({
        'ack-one/fleet': 'ackone-fleet',
        'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
        'backstage.io/kubernetes-namespace': 'web-demo',
      });
      expect(shop.spec).toMatchObject({
        owner: 'group:default/team-a',
        type: 'service',
      });

      await sim.faults.apiServerOffline('fleet');
      await provider.refresh();
      expect(components(mutations[1]).map(c => c.metadata.name)).toEqual([
        'shop',
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /cannot read the ApplicationSets of Fleet \w+, keeping the 5 last known/,
        ),
      );
    } finally {
      await sim.faults.apiServerOnline('fleet');
      fleet.removeObj(
        'argoproj.io/v1alpha1',
        'ApplicationSet',
        'argocd',
        'shop',
      );
    }
  });
});
