import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { DrGatewayOverview } from '@internal/plugin-ack-one-common';
import { screen, waitFor, within } from '@testing-library/react';
import { AckOneApi, ackOneApiRef } from '../../api';
import {
  ACK_ID,
  FLEET_ID,
  fleetGateway,
  gatewayEntity,
  IDC_ID,
} from '../../drTestData';
import { failoverApiMocks } from '../../failoverTestData';
import { GatewayCard } from './GatewayCard';

const cluster = (
  name: string,
  clusterId: string,
  location: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'ack-one/cluster-id': clusterId,
      'ack-one/fleet-id': FLEET_ID,
      'ack-one/location': location,
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
});

const members = [
  cluster('ack-hangzhou', ACK_ID, 'cloud'),
  cluster('idc-k8s', IDC_ID, 'idc'),
];

function gatewayApi(
  impl: () => Promise<DrGatewayOverview> = async () => fleetGateway,
): jest.Mocked<AckOneApi> {
  return {
    ...failoverApiMocks(),
    getClusterHealth: jest.fn<
      ReturnType<AckOneApi['getClusterHealth']>,
      Parameters<AckOneApi['getClusterHealth']>
    >(async () => {
      throw new Error('not used by the gateway card');
    }),
    getDrStatus: jest.fn<
      ReturnType<AckOneApi['getDrStatus']>,
      Parameters<AckOneApi['getDrStatus']>
    >(async () => {
      throw new Error('not used by the gateway card');
    }),
    getFleetGateway: jest.fn<
      ReturnType<AckOneApi['getFleetGateway']>,
      Parameters<AckOneApi['getFleetGateway']>
    >(impl),
  };
}

async function renderCard(api: AckOneApi, entity: Entity = gatewayEntity) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [ackOneApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [entity, ...members] })],
      ]}
    >
      <EntityProvider entity={entity}>
        <GatewayCard pollIntervalMs={10} />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const row = (label: string) =>
  screen.getAllByText(label)[0].closest('tr') as HTMLElement;

describe('GatewayCard', () => {
  it('shows the gateway, its routes, the services using them and their weights', async () => {
    const api = gatewayApi();
    await renderCard(api);
    expect(
      screen.getByRole('heading', { name: 'Multi-cluster gateway' }),
    ).toBeInTheDocument();
    await screen.findByTestId('ack-one-gateway');
    expect(api.getFleetGateway).toHaveBeenCalledWith(FLEET_ID);

    expect(
      within(row('Status')).getByTestId('ack-one-state-chip'),
    ).toHaveTextContent('Listening');
    expect(within(row('Address')).getByText('47.96.10.20')).toBeInTheDocument();
    expect(within(row('IngressClasses')).getByText('mse')).toBeInTheDocument();
    expect(
      within(row('Kind')).getByText('MseIngressConfig'),
    ).toBeInTheDocument();

    // Declared 50/50, effective 50/50, used by web-demo (linked); cluster
    // names from the catalog.
    const svc1 = screen.getByRole('region', { name: 'Route example.com/svc1' });
    await waitFor(() =>
      expect(
        within(svc1).getByRole('img', { name: /^Declared:/ }),
      ).toHaveAccessibleName('Declared: idc-k8s 50%, ack-hangzhou 50%'),
    );
    expect(
      within(svc1).getByRole('img', { name: /^Effective:/ }),
    ).toHaveAccessibleName('Effective: idc-k8s 50%, ack-hangzhou 50%');
    expect(
      within(svc1).getByRole('link', { name: 'web-demo' }),
    ).toHaveAttribute('href', '/catalog/default/component/web-demo');

    // No declared weight: split by ready pods, with the shares.
    const orders = screen.getByRole('region', {
      name: 'Route orders.example.com/',
    });
    expect(
      within(orders).getByRole('img', { name: /^Declared/ }),
    ).toHaveAccessibleName(
      'Declared (split by ready pods): idc-k8s 75%, ack-hangzhou 25%',
    );
    expect(within(orders).getByTestId('ack-one-dr-by-pods')).toHaveTextContent(
      'the gateway splits it by ready pods',
    );

    // A route no readable service uses: its health is not known.
    const reports = screen.getByRole('region', {
      name: 'Route reports.example.com/',
    });
    expect(
      within(reports).getByText('Used by no service you may read'),
    ).toBeInTheDocument();
    expect(
      within(reports).queryByRole('img', { name: /^Effective/ }),
    ).not.toBeInTheDocument();
    expect(within(reports).getAllByText('unknown').length).toBeGreaterThan(0);
  });

  it('marks the routes last known when the Fleet cannot be read', async () => {
    await renderCard(
      gatewayApi(async () => ({
        ...fleetGateway,
        reachable: false,
        message: 'the Fleet API server did not answer',
      })),
    );
    expect(
      await screen.findByTestId('ack-one-gateway-stale'),
    ).toHaveTextContent(
      'Gateway configuration unreadable: the Fleet API server did not answer; these are the last known routes',
    );
  });

  it('greys the gateway and says since when after a failed refresh', async () => {
    let fail = false;
    await renderCard(
      gatewayApi(async () => {
        if (fail) throw new Error('backend restarting');
        return fleetGateway;
      }),
    );
    const card = await screen.findByTestId('ack-one-gateway');
    fail = true;
    await waitFor(() =>
      expect(card).toHaveAttribute('data-page-stale', 'true'),
    );
    expect(
      within(card).getByTestId('ack-one-refresh-failed'),
    ).toHaveTextContent(/^Refresh failed since .*: backend restarting\./);
    expect(within(row('Status')).getByText('Listening')).toBeInTheDocument();
  });

  it('asks for the fleet-id annotation when it is missing', async () => {
    const api = gatewayApi();
    await renderCard(api, {
      ...gatewayEntity,
      metadata: { name: 'bare-gateway', namespace: 'default' },
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(api.getFleetGateway).not.toHaveBeenCalled();
  });
});
