import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  AckOneCluster,
  DefaultAckOneInventory,
} from '@internal/plugin-ack-one-node';
import { ackOneServiceMock } from '@internal/plugin-ack-one-node/testUtils';
import { AckOneRelationsProcessor } from './AckOneRelationsProcessor';

const where = { account: 'prod', regionId: 'cn-hangzhou' };

function cluster(clusterId: string, name: string, state = 'running') {
  return {
    ...where,
    clusterId,
    name,
    clusterType:
      name === 'idc-k8s' ? 'ExternalKubernetes' : 'ManagedKubernetes',
    state,
    apiServerEndpoints: {},
    tags: [],
  } satisfies AckOneCluster;
}

function setup() {
  const ackOne = ackOneServiceMock({
    accounts: [
      {
        id: 'prod',
        regions: ['cn-hangzhou'],
        namespaceScope: 'namespace-label',
      },
    ],
    fleets: [
      {
        ...where,
        clusterId: 'cfleet',
        name: 'ackone-fleet',
        state: 'running',
        vSwitches: [],
        tags: [],
        gitOpsEnabled: false,
      },
    ],
    clusters: [
      cluster('cidc', 'idc-k8s'),
      cluster('cack', 'ack-hangzhou'),
      cluster('cold', 'ack-old'),
      cluster('cdown', 'Stopped One', 'stopped'),
    ],
    managedClusters: {
      cfleet: [
        { clusterId: 'cidc', name: 'idc-k8s', memberState: 'Successed' },
        { clusterId: 'cack', name: 'ack-hangzhou', memberState: 'Successed' },
        { clusterId: 'cold', name: 'ack-old', memberState: 'Deleting' },
        { clusterId: 'cdown', name: 'Stopped One', memberState: 'Successed' },
      ],
    },
    gateways: [
      {
        ...where,
        fleetId: 'cfleet',
        kind: 'MseIngressConfig',
        name: 'ackone-gateway-hangzhou',
        ingressClasses: ['mse'],
        clusterIds: [],
      },
    ],
  });
  const inventory = new DefaultAckOneInventory({
    ackOne,
    logger: mockServices.logger.mock(),
  });
  const processor = new AckOneRelationsProcessor({
    inventory,
    logger: mockServices.logger.mock(),
  });
  const run = async (entity: Entity) => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(
      entity,
      { type: 'url', target: 'https://example.com/catalog-info.yaml' },
      r => emitted.push(r),
    );
    return emitted.map(r => {
      if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
      const ref = (e: { kind: string; name: string }) => `${e.kind}:${e.name}`;
      return `${ref(r.relation.source)} ${r.relation.type} ${ref(
        r.relation.target,
      )}`;
    });
  };
  return { run };
}

function service(annotations: Record<string, string>, kind = 'Component') {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'orders', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

describe('AckOneRelationsProcessor', () => {
  it('relates a service to the connectable clusters and the gateway of its Fleet, both ways', async () => {
    const { run } = setup();
    const relations = await run(
      service({ 'ack-one/fleet': 'resource:default/ackone-fleet' }),
    );
    expect(relations).toEqual([
      'Component:orders dependsOn resource:idc-k8s',
      'resource:idc-k8s dependencyOf Component:orders',
      'Component:orders dependsOn resource:ack-hangzhou',
      'resource:ack-hangzhou dependencyOf Component:orders',
      'Component:orders dependsOn resource:ackone-gateway-hangzhou',
      'resource:ackone-gateway-hangzhou dependencyOf Component:orders',
    ]);
  });

  it('relates only the clusters the roles annotation names, by name or id', async () => {
    const { run } = setup();
    const relations = await run(
      service({
        'ack-one/fleet': 'cfleet',
        'ack-one/cluster-roles': 'cidc=primary,ack-old=standby',
      }),
    );
    expect(relations.filter(r => r.includes('dependsOn'))).toEqual([
      'Component:orders dependsOn resource:idc-k8s',
      'Component:orders dependsOn resource:ackone-gateway-hangzhou',
    ]);
  });

  it('relates nothing for an unknown Fleet, another kind or no annotation', async () => {
    const { run } = setup();
    expect(await run(service({ 'ack-one/fleet': 'no-such-fleet' }))).toEqual(
      [],
    );
    expect(
      await run(service({ 'ack-one/fleet': 'ackone-fleet' }, 'Resource')),
    ).toEqual([]);
    expect(await run(service({}))).toEqual([]);
  });
});
