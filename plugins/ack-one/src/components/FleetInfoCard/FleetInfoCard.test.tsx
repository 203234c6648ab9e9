import { Entity } from '@backstage/catalog-model';
import {
  CatalogApi,
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  ackCluster,
  allEntities,
  fleetEntity,
  idcCluster,
} from '../../testData';
import { FleetInfoCard } from './FleetInfoCard';

async function renderCard(
  entity: Entity,
  catalogApi: CatalogApi = catalogApiMock({
    entities: allEntities,
  }),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <EntityProvider entity={entity}>
        <FleetInfoCard />
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
    expect(screen.getByText('ACK One fleet')).toBeInTheDocument();
    expect(within(row('Fleet ID')).getByText('cfleet0001')).toBeInTheDocument();
    const chip = within(row('State')).getByTestId('ack-one-state-chip');
    expect(chip).toHaveTextContent('running');
    expect(chip).toHaveAttribute('data-severity', 'ok');
    expect(within(row('Region')).getByText('cn-hangzhou')).toBeInTheDocument();
    expect(within(row('VPC')).getByText('vpc-fleet')).toBeInTheDocument();
    expect(
      within(row('GitOps (Argo CD)')).getByText('Enabled'),
    ).toBeInTheDocument();
    expect(
      within(row('Multi-cluster gateway')).getByText('Disabled'),
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
});
