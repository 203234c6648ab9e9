import { Entity } from '@backstage/catalog-model';
import {
  CatalogApi,
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ClusterHealth,
  DrGatewayOverview,
} from '@internal/plugin-ack-one-common';
import { screen, waitFor, within } from '@testing-library/react';
import { AckOneApi, ackOneApiRef } from '../../api';
import { failoverApiMocks } from '../../failoverTestData';
import {
  ackCluster,
  allEntities,
  fleetEntity,
  idcCluster,
} from '../../testData';
import { FleetInfoCard } from './FleetInfoCard';

const gatewayOverview: DrGatewayOverview = {
  fleetId: 'cfleet0001',
  fleetName: 'fleet-hz',
  reachable: true,
  generatedAt: '2025-06-01T08:00:00Z',
  gateways: [
    {
      name: 'fleet-hz-gateway',
      kind: 'MseIngressConfig',
      status: 'Listening',
      address: '47.0.0.10',
      ingressClasses: ['mse'],
    },
  ],
  routes: [],
  issues: [],
};

function cardApi(
  unreachable: string[] = [],
  gateway: () => Promise<DrGatewayOverview> = async () => gatewayOverview,
): jest.Mocked<AckOneApi> {
  const mocks = failoverApiMocks();
  return {
    ...mocks,
    getDrStatus: jest.fn<
      ReturnType<AckOneApi['getDrStatus']>,
      Parameters<AckOneApi['getDrStatus']>
    >(async () => {
      throw new Error('not used by the fleet card');
    }),
    getClusterHealth: jest.fn<
      ReturnType<AckOneApi['getClusterHealth']>,
      Parameters<AckOneApi['getClusterHealth']>
    >(
      async (clusterId: string): Promise<ClusterHealth> => ({
        clusterId,
        reachable: !unreachable.includes(clusterId),
        checkedAt: '2025-06-01T08:00:00Z',
      }),
    ),
    getFleetGateway: jest.fn<
      ReturnType<AckOneApi['getFleetGateway']>,
      Parameters<AckOneApi['getFleetGateway']>
    >(gateway),
  };
}

async function renderCard(
  entity: Entity,
  catalogApi: CatalogApi = catalogApiMock({
    entities: allEntities,
  }),
  ackOneApi: AckOneApi = cardApi(),
  pollIntervalMs?: number,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [ackOneApiRef, ackOneApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <FleetInfoCard pollIntervalMs={pollIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** A row of the fleet's own metadata table (the first table of the card). */
function row(label: string): HTMLElement {
  const metadataTable = screen.getAllByRole('table')[0];
  return within(metadataTable).getByText(label).closest('tr') as HTMLElement;
}

function tableRowOf(linkName: string): HTMLElement {
  return screen
    .getByRole('link', { name: new RegExp(linkName) })
    .closest('tr') as HTMLElement;
}

describe('FleetInfoCard', () => {
  it('renders the fleet fields', async () => {
    await renderCard(fleetEntity);
    expect(
      screen.getByRole('heading', { name: 'ACK One fleet' }),
    ).toBeInTheDocument();
    expect(within(row('Fleet ID')).getByText('cfleet0001')).toBeInTheDocument();
    const chip = within(row('State')).getByTestId('ack-one-state-chip');
    expect(chip).toHaveTextContent('running');
    expect(chip).toHaveAttribute('data-severity', 'ok');
    expect(within(row('Region')).getByText('cn-hangzhou')).toBeInTheDocument();
    expect(within(row('VPC')).getByText('vpc-fleet')).toBeInTheDocument();
    expect(
      within(row('GitOps (Argo CD)')).getByText('Enabled'),
    ).toBeInTheDocument();
    // The gateway it lists, with its live status.
    expect(
      await within(row('Multi-cluster gateway')).findByText(
        'Enabled: fleet-hz-gateway Listening',
      ),
    ).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Member clusters' });
  });

  it('lists the member clusters from the catalog, linked, with state and location', async () => {
    await renderCard(fleetEntity);
    const members = await screen.findByRole('table', {
      name: 'Member clusters',
    });
    const links = within(members).getAllByRole('link');
    expect(links.map(l => l.getAttribute('href'))).toEqual([
      '/catalog/default/resource/ack-standby',
      '/catalog/default/resource/idc-prod',
    ]);
    // A cluster of another fleet is not listed.
    expect(within(members).queryByText(/elsewhere/)).not.toBeInTheDocument();

    const idc = tableRowOf('idc-prod');
    await waitFor(() =>
      expect(within(idc).getByTestId('ack-one-state-chip')).toHaveAttribute(
        'data-severity',
        'ok',
      ),
    );
    expect(within(idc).getByText('IDC (own data centre)')).toBeInTheDocument();
    expect(
      within(idc).getByText('Registered cluster (IDC)'),
    ).toBeInTheDocument();
    expect(within(idc).getByTestId('ack-one-state-chip')).toHaveAttribute(
      'data-severity',
      'ok',
    );

    const ack = tableRowOf('ack-standby');
    expect(within(ack).getByText('Alibaba Cloud')).toBeInTheDocument();
    expect(within(ack).getByText('ACK managed cluster')).toBeInTheDocument();
    const ackState = within(ack).getByTestId('ack-one-state-chip');
    expect(ackState).toHaveTextContent('disconnected');
    expect(ackState).toHaveAttribute('data-severity', 'error');
  });

  it('queries the catalog by type and fleet-id annotation', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(async () => ({ items: [] })),
      getEntitiesByRefs: jest.fn(async () => ({ items: [] })),
    });
    await renderCard(fleetEntity, catalogApi);
    await screen.findByText(
      'No member clusters of this fleet are in the catalog.',
    );
    expect(
      screen.getByText(
        'No multi-cluster gateways of this fleet are in the catalog.',
      ),
    ).toBeInTheDocument();
    expect(catalogApi.getEntities).toHaveBeenCalledWith({
      filter: {
        kind: 'resource',
        'spec.type': 'kubernetes-cluster',
        'metadata.annotations.ack-one/fleet-id': 'cfleet0001',
      },
    });
    expect(catalogApi.getEntities).toHaveBeenCalledWith({
      filter: {
        kind: 'resource',
        'spec.type': 'multi-cluster-gateway',
        'metadata.annotations.ack-one/fleet-id': 'cfleet0001',
      },
    });
  });

  it('lists the gateways with their status', async () => {
    await renderCard(fleetEntity);
    const gateways = await screen.findByRole('table', { name: 'Gateways' });
    const link = within(gateways).getByRole('link');
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/fleet-hz-gateway',
    );
    expect(within(gateways).getByText('MseIngressConfig')).toBeInTheDocument();
    expect(within(gateways).getByText('47.0.0.10')).toBeInTheDocument();
    const status = within(gateways).getByTestId('ack-one-state-chip');
    expect(status).toHaveTextContent('Listening');
    expect(status).toHaveAttribute('data-severity', 'ok');
  });

  it('also finds members through catalog relations', async () => {
    const unannotatedMember: Entity = {
      ...idcCluster,
      metadata: {
        name: 'related-only',
        namespace: 'default',
        annotations: {
          'ack-one/cluster-id': 'crel',
          'ack-one/state': 'waiting',
        },
      },
    };
    const fleet: Entity = {
      ...fleetEntity,
      relations: [
        { type: 'hasPart', targetRef: 'resource:default/related-only' },
        { type: 'hasPart', targetRef: 'resource:default/idc-prod' },
      ],
    };
    await renderCard(
      fleet,
      catalogApiMock({
        entities: [fleet, unannotatedMember, idcCluster, ackCluster],
      }),
    );
    const members = await screen.findByRole('table', {
      name: 'Member clusters',
    });
    expect(within(members).getAllByRole('link')).toHaveLength(3);
    expect(
      within(tableRowOf('related-only')).getByTestId('ack-one-state-chip'),
    ).toHaveAttribute('data-severity', 'warning');
  });

  it('shows a catalog failure without crashing', async () => {
    await renderCard(
      fleetEntity,
      catalogApiMock.mock({
        getEntities: async () => {
          throw new Error('catalog down');
        },
        getEntitiesByRefs: async () => ({ items: [] }),
      }),
    );
    expect(
      await screen.findByText(/Could not load the fleet's clusters/),
    ).toHaveTextContent('catalog down');
    expect(within(row('Fleet ID')).getByText('cfleet0001')).toBeInTheDocument();
  });

  it('handles missing optional annotations gracefully', async () => {
    await renderCard(
      {
        ...fleetEntity,
        metadata: {
          name: 'bare-fleet',
          annotations: { 'ack-one/cluster-id': 'cbare' },
        },
      },
      catalogApiMock({ entities: [] }),
      cardApi([], async () => ({
        ...gatewayOverview,
        fleetId: 'cbare',
        gateways: [],
      })),
    );
    expect(screen.getByTestId('ack-one-state-chip')).toHaveAttribute(
      'data-severity',
      'unknown',
    );
    for (const label of [
      'Region',
      'VPC',
      'GitOps (Argo CD)',
      'Multi-cluster gateway',
    ]) {
      expect(within(row(label)).getByText('Not reported')).toBeInTheDocument();
    }
    await screen.findByText(
      'No member clusters of this fleet are in the catalog.',
    );
  });

  it('explains a missing cluster-id annotation instead of crashing', async () => {
    await renderCard({
      ...fleetEntity,
      metadata: { name: 'no-id' },
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/ack-one\/cluster-id/).length).toBeGreaterThan(
      0,
    );
  });

  it('shows a member the backend cannot reach in red, whatever ACK One says', async () => {
    const api = cardApi(['cidc0001']);
    await renderCard(fleetEntity, undefined, api);
    await screen.findByRole('table', { name: 'Member clusters' });
    const chip = within(tableRowOf('idc-prod')).getByTestId(
      'ack-one-state-chip',
    );
    await waitFor(() =>
      expect(chip).toHaveTextContent('running · unreachable'),
    );
    expect(chip).toHaveAttribute('data-severity', 'error');
    expect(api.getClusterHealth).toHaveBeenCalledWith('cidc0001');
  });

  it('refreshes the gateway status live, and greys it when a refresh fails', async () => {
    let status = 'Listening';
    let fail = false;
    const api = cardApi([], async () => {
      if (fail) throw new Error('backend restarting');
      return {
        ...gatewayOverview,
        gateways: [{ ...gatewayOverview.gateways[0], status }],
      };
    });
    await renderCard(fleetEntity, undefined, api, 10);
    const gateways = await screen.findByRole('table', { name: 'Gateways' });
    await waitFor(() =>
      expect(
        within(gateways).getByTestId('ack-one-state-chip'),
      ).toHaveTextContent('Listening'),
    );
    status = 'Failed';
    await waitFor(() =>
      expect(
        within(gateways).getByTestId('ack-one-state-chip'),
      ).toHaveTextContent('Failed'),
    );
    expect(
      within(row('Multi-cluster gateway')).getByText(
        'Enabled: fleet-hz-gateway Failed',
      ),
    ).toBeInTheDocument();
    fail = true;
    expect(
      await screen.findByTestId('ack-one-refresh-failed'),
    ).toHaveTextContent(/^Refresh failed since .*: backend restarting\./);
  });

  it('shows what the catalog says without the ack-one API', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[catalogApiRef, catalogApiMock({ entities: allEntities })]]}
      >
        <EntityProvider entity={fleetEntity}>
          <FleetInfoCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await within(row('Multi-cluster gateway')).findByText(
        'Enabled: fleet-hz-gateway Listening',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Member clusters' }),
    ).toBeInTheDocument();
  });
});
