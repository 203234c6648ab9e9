import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  CatalogApi,
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import { AckOneApi, ackOneApiRef, ClusterHealth } from '../../api';
import {
  ackCluster,
  allEntities,
  fleetEntity,
  idcCluster,
} from '../../testData';
import { failoverApiMocks } from '../../failoverTestData';
import { formatTime } from '../presentation';
import { ClusterInfoCard } from './ClusterInfoCard';

const reachable: ClusterHealth = {
  clusterId: 'cidc0001',
  reachable: true,
  checkedAt: '2025-06-01T08:00:00Z',
  latencyMs: 23.4,
};

function healthApi(
  impl: AckOneApi['getClusterHealth'] = async () => reachable,
): jest.Mocked<AckOneApi> {
  return {
    getClusterHealth: jest.fn(impl),
    getDrStatus: jest.fn<
      ReturnType<AckOneApi['getDrStatus']>,
      Parameters<AckOneApi['getDrStatus']>
    >(async () => {
      throw new Error('not used by the cluster card');
    }),
    ...failoverApiMocks(),
  };
}

async function errorResponse(status: number, statusText: string, body = '') {
  return ResponseError.fromResponse(
    new Response(body, {
      status,
      statusText,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

async function renderCard(
  entity: Entity,
  options: {
    ackOneApi?: AckOneApi;
    entities?: Entity[];
    catalogApi?: CatalogApi;
    pollIntervalMs?: number;
  } = {},
) {
  const ackOneApi = options.ackOneApi ?? healthApi();
  const catalogApi =
    options.catalogApi ??
    catalogApiMock({ entities: options.entities ?? allEntities });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [ackOneApiRef, ackOneApi],
        [catalogApiRef, catalogApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <ClusterInfoCard pollIntervalMs={options.pollIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { ackOneApi };
}

function row(label: string): HTMLElement {
  const cell = screen.getByText(label);
  return cell.closest('tr') as HTMLElement;
}

describe('ClusterInfoCard', () => {
  it('renders every field of a registered IDC cluster', async () => {
    const { ackOneApi } = await renderCard(idcCluster);

    expect(
      screen.getByRole('heading', { name: 'ACK One cluster' }),
    ).toBeInTheDocument();
    expect(within(row('Cluster ID')).getByText('cidc0001')).toBeInTheDocument();
    const chip = within(row('State')).getByTestId('ack-one-state-chip');
    expect(chip).toHaveTextContent('running');
    expect(chip).toHaveAttribute('data-severity', 'ok');
    expect(
      within(row('Cluster type')).getByText(
        'Registered cluster (IDC) · ExternalKubernetes',
      ),
    ).toBeInTheDocument();
    expect(
      within(row('Location')).getByText('IDC (own data centre)'),
    ).toBeInTheDocument();
    expect(within(row('Region')).getByText('cn-hangzhou')).toBeInTheDocument();
    expect(
      within(row('Zone')).getByText('cn-hangzhou-idc'),
    ).toBeInTheDocument();
    expect(within(row('VPC')).getByText('vpc-idc')).toBeInTheDocument();
    expect(
      within(row('Kubernetes version')).getByText('1.31.1'),
    ).toBeInTheDocument();

    // Fleet: found in the catalog by the fleet-id annotation, linked.
    const fleetLink = await within(row('Fleet')).findByRole('link');
    expect(fleetLink).toHaveAttribute(
      'href',
      '/catalog/default/resource/fleet-hz',
    );

    // API server reachability.
    const health = await screen.findByTestId('ack-one-health');
    expect(health).toHaveAttribute('data-health', 'reachable');
    expect(health).toHaveTextContent('Reachable (23 ms)');
    expect(health).toHaveTextContent('Checked');
    expect(ackOneApi.getClusterHealth).toHaveBeenCalledWith('cidc0001');
  });

  it('shows an ACK managed cluster in the cloud, disconnected in red', async () => {
    await renderCard(ackCluster);
    expect(
      within(row('Cluster type')).getByText(
        'ACK managed cluster · ManagedKubernetes',
      ),
    ).toBeInTheDocument();
    expect(
      within(row('Location')).getByText('Alibaba Cloud'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ack-one-state-chip')).toHaveAttribute(
      'data-severity',
      'error',
    );
    await screen.findByTestId('ack-one-health');
  });

  it.each([
    ['running', 'ok'],
    ['waiting', 'warning'],
    ['initial', 'warning'],
    ['disconnected', 'error'],
    ['failed', 'error'],
  ])('colours state %s as %s', async (state, severity) => {
    await renderCard({
      ...idcCluster,
      metadata: {
        ...idcCluster.metadata,
        annotations: {
          ...idcCluster.metadata.annotations,
          'ack-one/state': state,
        },
      },
    });
    const chip = screen.getByTestId('ack-one-state-chip');
    expect(chip).toHaveTextContent(state);
    expect(chip).toHaveAttribute('data-severity', severity);
    await screen.findByTestId('ack-one-health');
  });

  it('links the fleet through a catalog relation', async () => {
    const related: Entity = {
      ...ackCluster,
      metadata: {
        ...ackCluster.metadata,
        annotations: {
          'ack-one/cluster-id': 'cack0001',
          'ack-one/state': 'running',
        },
      },
      relations: [{ type: 'partOf', targetRef: 'resource:default/fleet-hz' }],
    };
    await renderCard(related);
    const fleetLink = await within(row('Fleet')).findByRole('link');
    expect(fleetLink).toHaveAttribute(
      'href',
      '/catalog/default/resource/fleet-hz',
    );
    await screen.findByTestId('ack-one-health');
  });

  it('shows the fleet id when the fleet is not in the catalog', async () => {
    await renderCard(idcCluster, { entities: [idcCluster] });
    expect(
      await within(row('Fleet')).findByText('(not in the catalog)'),
    ).toBeInTheDocument();
    expect(within(row('Fleet')).getByText(/cfleet0001/)).toBeInTheDocument();
    expect(within(row('Fleet')).queryByRole('link')).not.toBeInTheDocument();
  });

  it('survives a failing catalog lookup', async () => {
    await renderCard(idcCluster, {
      catalogApi: catalogApiMock.mock({
        getEntities: async () => {
          throw new Error('catalog down');
        },
        getEntitiesByRefs: async () => ({ items: [] }),
      }),
    });
    expect(
      await within(row('Fleet')).findByText(
        '(catalog lookup failed: catalog down)',
      ),
    ).toBeInTheDocument();
  });

  it('shows an unreachable API server with the reason', async () => {
    await renderCard(idcCluster, {
      ackOneApi: healthApi(async () => ({
        clusterId: 'cidc0001',
        reachable: false,
        checkedAt: '2025-06-01T08:00:00Z',
        lastSyncAt: '2025-06-01T07:59:18Z',
        message: 'timed out after 5 s',
      })),
    });
    const health = await screen.findByTestId('ack-one-health');
    expect(health).toHaveAttribute('data-health', 'unreachable');
    expect(health).toHaveTextContent('Unreachable: timed out after 5 s');
    expect(health).toHaveTextContent(
      `Last data from it ${formatTime('2025-06-01T07:59:18Z')}`,
    );
    // No green "running" beside "Unreachable": the state chip says it.
    const chip = within(row('State')).getByTestId('ack-one-state-chip');
    expect(chip).toHaveTextContent('running · unreachable');
    expect(chip).toHaveAttribute('data-severity', 'error');
  });

  it('shows unknown with a hint when the backend is not installed (404)', async () => {
    const notFound = await errorResponse(404, 'Not Found');
    await renderCard(idcCluster, {
      ackOneApi: healthApi(async () => {
        throw notFound;
      }),
    });
    const health = await screen.findByTestId('ack-one-health');
    expect(health).toHaveAttribute('data-health', 'unknown');
    expect(health).toHaveTextContent('Unknown');
    expect(health).toHaveTextContent(
      'The ack-one backend plugin is not installed',
    );
  });

  it('shows the error message of any other failure', async () => {
    const failure = await errorResponse(
      503,
      'Service Unavailable',
      JSON.stringify({
        error: { name: 'Error', message: 'no credentials for account' },
        response: { statusCode: 503 },
      }),
    );
    const ackOneApi = healthApi(async () => {
      throw failure;
    });
    await renderCard(idcCluster, { ackOneApi });
    const health = await screen.findByTestId('ack-one-health');
    expect(health).toHaveAttribute('data-health', 'error');
    expect(health).toHaveTextContent(
      'Health check failed: Request failed with 503 Service Unavailable: no credentials for account',
    );
  });

  it('refreshes live: the state chip follows reachability, a failed refresh greys it', async () => {
    // Each answer waits until the test releases it.
    const pending: Array<{
      resolve: (h: ClusterHealth) => void;
      reject: (e: Error) => void;
    }> = [];
    const ackOneApi = healthApi(
      () =>
        new Promise<ClusterHealth>((resolve, reject) =>
          pending.push({ resolve, reject }),
        ),
    );
    const next = async () => {
      await waitFor(() => expect(pending.length).toBeGreaterThan(0));
      return pending.shift()!;
    };
    await renderCard(idcCluster, { ackOneApi, pollIntervalMs: 10 });
    const chip = () => within(row('State')).getByTestId('ack-one-state-chip');

    const first = await next();
    await act(async () => first.resolve(reachable));
    await waitFor(() => expect(chip()).toHaveTextContent(/^running$/));
    expect(chip()).toHaveAttribute('data-severity', 'ok');

    const second = await next();
    await act(async () =>
      second.resolve({
        ...reachable,
        reachable: false,
        message: 'connection refused',
      }),
    );
    await waitFor(() =>
      expect(chip()).toHaveTextContent('running · unreachable'),
    );
    expect(screen.getByTestId('ack-one-health')).toHaveTextContent(
      'Unreachable: connection refused',
    );

    const third = await next();
    await act(async () => third.reject(new Error('backend restarting')));
    const health = await screen.findByTestId('ack-one-health');
    await waitFor(() => expect(health).toHaveAttribute('data-stale', 'true'));
    expect(
      within(health).getByTestId('ack-one-refresh-failed'),
    ).toHaveTextContent(
      /^Refresh failed since \d\d:\d\d:\d\d \S+: backend restarting\./,
    );
    // The last answer stays.
    expect(health).toHaveTextContent('Unreachable: connection refused');

    const fourth = await next();
    await act(async () => fourth.resolve(reachable));
    await waitFor(() =>
      expect(screen.getByTestId('ack-one-health')).not.toHaveAttribute(
        'data-stale',
      ),
    );
    expect(chip()).toHaveTextContent(/^running$/);
    expect(ackOneApi.getClusterHealth.mock.calls.length).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('handles missing optional annotations gracefully', async () => {
    await renderCard(
      {
        ...idcCluster,
        metadata: {
          name: 'bare',
          annotations: { 'ack-one/cluster-id': 'cbare' },
        },
      },
      { entities: [] },
    );
    const chip = screen.getByTestId('ack-one-state-chip');
    expect(chip).toHaveTextContent('unknown');
    expect(chip).toHaveAttribute('data-severity', 'unknown');
    for (const label of [
      'Cluster type',
      'Location',
      'Region',
      'Zone',
      'VPC',
      'Kubernetes version',
    ]) {
      expect(within(row(label)).getByText('Not reported')).toBeInTheDocument();
    }
    expect(
      await within(row('Fleet')).findByText('Not attached to a fleet'),
    ).toBeInTheDocument();
    await screen.findByTestId('ack-one-health');
  });

  it('explains a missing cluster-id annotation instead of crashing', async () => {
    const ackOneApi = healthApi();
    await renderCard(
      {
        ...fleetEntity,
        metadata: { name: 'no-id', annotations: { 'ack-one/state': 'x' } },
        spec: { type: 'kubernetes-cluster' },
      },
      { ackOneApi },
    );
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/ack-one\/cluster-id/).length).toBeGreaterThan(
      0,
    );
    expect(ackOneApi.getClusterHealth).not.toHaveBeenCalled();
  });
});
