import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { ackOneApiRef } from '../../api';
import { failoverApiMocks } from '../../failoverTestData';
import { overview, webDemoRow } from '../../overviewTestData';
import { drOverviewRouteRef } from '../../routes';
import { DrSystemCard } from './DrSystemCard';

jest.setTimeout(30_000);

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'demo-shop', namespace: 'default' },
  spec: { owner: 'platform-team' },
};

function mockApi() {
  return {
    getClusterHealth: jest.fn(),
    getDrStatus: jest.fn(),
    ...failoverApiMocks(),
  };
}

async function renderCard(api: ReturnType<typeof mockApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[ackOneApiRef, api]]}>
      <EntityProvider entity={system}>
        <DrSystemCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/dr-overview': drOverviewRouteRef,
      },
    },
  );
}

describe('DrSystemCard', () => {
  it("rolls up the system's services and links to the filtered overview", async () => {
    const api = mockApi();
    api.getOverview.mockResolvedValue({
      ...overview,
      items: overview.items.filter(
        r => r.system === 'system:default/demo-shop',
      ),
    });
    await renderCard(api);
    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Disaster recovery',
      }),
    ).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledWith({
      system: 'system:default/demo-shop',
    });
    const counts = screen.getAllByTestId('ack-one-system-count');
    expect(counts.map(c => c.textContent)).toEqual([
      'Site unreachable× 1',
      'Degraded× 1',
      'In parity× 1',
    ]);
    const attention = screen
      .getAllByRole('listitem')
      .filter(li => within(li).queryByRole('link'));
    expect(
      attention.map(li => within(li).getByRole('link').textContent),
    ).toEqual(['Payments, "core"', 'orders']);
    expect(
      within(attention[1]).getByRole('link', { name: 'orders' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/orders/disaster-recovery',
    );
    expect(
      screen.getByRole('link', { name: /Open in the DR overview/ }),
    ).toHaveAttribute(
      'href',
      '/dr-overview?system=system%3Adefault%2Fdemo-shop',
    );
  });

  it('says so when every service is in parity, or none opted in', async () => {
    const api = mockApi();
    api.getOverview.mockResolvedValue({ ...overview, items: [webDemoRow] });
    await renderCard(api);
    expect(
      await screen.findByText('All 1 services are in parity.'),
    ).toBeInTheDocument();
  });

  it('explains how to opt in when no service did', async () => {
    const api = mockApi();
    api.getOverview.mockResolvedValue({ ...overview, items: [] });
    await renderCard(api);
    expect(
      await screen.findByText(/No service of this system has opted in/),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when the overview fails", async () => {
    const api = mockApi();
    api.getOverview.mockRejectedValue(new Error('permission denied'));
    await renderCard(api);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Could not load the DR state: permission denied',
    );
  });
});
