import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import ackOnePlugin, {
  ackOneApi,
  ackOneClusterEntityCard,
  ackOneDrEntityContent,
  ackOneDrOverviewPage,
  ackOneDrSystemEntityCard,
  ackOneFleetEntityCard,
  ackOneGatewayEntityCard,
} from './alpha';
import { AckOneApi, ackOneApiRef } from './api';
import {
  ackCluster,
  allEntities,
  fleetEntity,
  gatewayEntity,
  idcCluster,
} from './testData';
import {
  fleetGateway,
  notOptedInEntity,
  webDemoEntity,
  webDemoInParity,
} from './drTestData';
import { failoverApiMocks } from './failoverTestData';

const healthy: AckOneApi = {
  getClusterHealth: async clusterId => ({
    clusterId,
    reachable: true,
    checkedAt: '2025-06-01T08:00:00Z',
    latencyMs: 5,
  }),
  getDrStatus: async () => webDemoInParity,
  ...failoverApiMocks(),
  getFleetGateway: async () => fleetGateway,
};

// Rendering a whole new-frontend-system app is slow on a busy machine.
const slow = { timeout: 10_000 };
jest.setTimeout(30_000);

describe('ack-one plugin for the new frontend system', () => {
  it('is the ack-one plugin with an API, three entity cards and a DR tab', () => {
    expect(ackOnePlugin.pluginId).toBe('ack-one');
    expect(
      ackOnePlugin.getExtension('entity-card:ack-one/cluster'),
    ).toMatchObject({ kind: 'entity-card', name: 'cluster' });
    expect(
      ackOnePlugin.getExtension('entity-card:ack-one/fleet'),
    ).toMatchObject({ kind: 'entity-card', name: 'fleet' });
    expect(
      ackOnePlugin.getExtension('entity-card:ack-one/gateway'),
    ).toMatchObject({ kind: 'entity-card', name: 'gateway' });
    expect(
      ackOnePlugin.getExtension('entity-content:ack-one/dr'),
    ).toMatchObject({ kind: 'entity-content', name: 'dr' });
    expect(ackOnePlugin.getExtension('api:ack-one')).toMatchObject({
      kind: 'api',
      namespace: 'ack-one',
    });
  });

  it('offers the DR overview page at /dr-overview and a DR card on System pages', () => {
    expect(ackOnePlugin.getExtension('page:ack-one/dr-overview')).toMatchObject(
      { kind: 'page', name: 'dr-overview' },
    );
    expect(
      createExtensionTester(ackOneDrOverviewPage).get(
        coreExtensionData.routePath,
      ),
    ).toBe('/dr-overview');
    expect(ackOnePlugin.routes.drOverview).toBeDefined();
    const systemFilter = createExtensionTester(ackOneDrSystemEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(
      systemFilter?.({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'demo-shop' },
      }),
    ).toBe(true);
    expect(systemFilter?.(webDemoEntity)).toBe(false);
  });

  it('provides the AckOneApi factory', () => {
    const factory = createExtensionTester(ackOneApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.ack-one.api');
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('filters the cards by entity type', () => {
    const clusterFilter = createExtensionTester(ackOneClusterEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    const fleetFilter = createExtensionTester(ackOneFleetEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(clusterFilter?.(idcCluster)).toBe(true);
    expect(clusterFilter?.(fleetEntity)).toBe(false);
    expect(clusterFilter?.(gatewayEntity)).toBe(false);
    expect(fleetFilter?.(fleetEntity)).toBe(true);
    expect(fleetFilter?.(ackCluster)).toBe(false);
    const gatewayFilter = createExtensionTester(ackOneGatewayEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(gatewayFilter?.(gatewayEntity)).toBe(true);
    expect(gatewayFilter?.(fleetEntity)).toBe(false);
    expect(gatewayFilter?.(idcCluster)).toBe(false);
    expect(gatewayFilter?.({ ...gatewayEntity, kind: 'Component' })).toBe(
      false,
    );
  });

  it('renders the cluster card on an entity page', async () => {
    await renderTestApp({
      extensions: [
        createTestEntityPage({ entity: idcCluster }),
        ackOneClusterEntityCard,
      ],
      apis: [
        [ackOneApiRef, healthy],
        [catalogApiRef, catalogApiMock({ entities: allEntities })],
      ],
    });
    expect(
      await screen.findByText('ACK One cluster', {}, slow),
    ).toBeInTheDocument();
    expect(screen.getByText('cidc0001')).toBeInTheDocument();
    expect(
      await screen.findByTestId('ack-one-health', {}, slow),
    ).toHaveAttribute('data-health', 'reachable');
  });

  it('renders the fleet card with its members on an entity page', async () => {
    await renderTestApp({
      extensions: [
        createTestEntityPage({ entity: fleetEntity }),
        ackOneFleetEntityCard,
      ],
      apis: [[catalogApiRef, catalogApiMock({ entities: allEntities })]],
    });
    expect(
      await screen.findByText('ACK One fleet', {}, slow),
    ).toBeInTheDocument();
    const members = await screen.findByRole(
      'table',
      { name: 'Member clusters' },
      slow,
    );
    expect(within(members).getAllByRole('link')).toHaveLength(2);
  });

  it('renders the gateway card on a gateway entity page', async () => {
    await renderTestApp({
      extensions: [
        createTestEntityPage({ entity: gatewayEntity }),
        ackOneGatewayEntityCard,
      ],
      apis: [
        [ackOneApiRef, healthy],
        [catalogApiRef, catalogApiMock({ entities: allEntities })],
      ],
    });
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Multi-cluster gateway' },
        slow,
      ),
    ).toBeInTheDocument();
    const card = await screen.findByTestId('ack-one-gateway', {}, slow);
    expect(within(card).getByText('MseIngressConfig')).toBeInTheDocument();
  });

  it('offers the Disaster Recovery tab at disaster-recovery to opted-in services', () => {
    const tester = createExtensionTester(ackOneDrEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Disaster Recovery',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('disaster-recovery');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(webDemoEntity)).toBe(true);
    expect(filter?.(notOptedInEntity)).toBe(false);
    expect(filter?.(idcCluster)).toBe(false);
  });

  it('renders the Disaster Recovery tab on an entity page', async () => {
    await renderTestApp({
      extensions: [
        createTestEntityPage({ entity: webDemoEntity }),
        ackOneDrEntityContent,
      ],
      apis: [
        [ackOneApiRef, healthy],
        [catalogApiRef, catalogApiMock({ entities: [webDemoEntity] })],
      ],
    });
    expect(
      await screen.findByText('Disaster recovery', {}, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Cluster idc-k8s' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Cluster ack-hangzhou' }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('50%').length).toBeGreaterThan(0);
  });
});
