import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ackOneApiRef } from '../../api';
import { failoverApiMocks } from '../../failoverTestData';
import { ACK_ID, IDC_ID } from '../../drTestData';
import { overview } from '../../overviewTestData';
import { formatTime } from '../presentation';
import { DrOverviewPage } from './DrOverviewPage';

// Rendering the page with its selects is slow on a busy machine.
jest.setTimeout(30_000);

function mockApi() {
  return {
    getClusterHealth: jest.fn(),
    getDrStatus: jest.fn(),
    ...failoverApiMocks(),
  };
}

async function renderPage(api = mockApi(), path = '/dr-overview') {
  await renderInTestApp(
    <TestApiProvider apis={[[ackOneApiRef, api]]}>
      <DrOverviewPage refreshIntervalMs={3_600_000} />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  await screen.findAllByTestId('ack-one-overview-row');
  return api;
}

const shownRefs = () =>
  screen
    .getAllByTestId('ack-one-overview-row')
    .map(row => row.getAttribute('data-entity-ref'));

function pick(label: RegExp, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: label }));
  fireEvent.click(screen.getByRole('option', { name: option }));
}

describe('DrOverviewPage', () => {
  it('lists every opted-in service, worst first, from one call', async () => {
    const api = await renderPage();
    expect(
      screen.getByRole('heading', { level: 1, name: 'DR overview' }),
    ).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(api.getOverview).toHaveBeenCalledWith();
    expect(shownRefs()).toEqual([
      'component:default/payments',
      'component:default/orders',
      'component:default/billing',
      'component:default/web-demo',
    ]);
    const orders = screen.getAllByTestId('ack-one-overview-row')[1];
    expect(within(orders).getByTestId('ack-one-dr-state-chip')).toHaveAttribute(
      'data-state',
      'degraded',
    );
    expect(within(orders).getByText('Primary-standby')).toBeInTheDocument();
    expect(within(orders).getByText('33.3%')).toBeInTheDocument();
    expect(within(orders).getByText('2 warnings')).toBeInTheDocument();
    expect(
      within(orders).getByRole('link', { name: 'orders' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/orders/disaster-recovery',
    );
    const webDemo = screen.getAllByTestId('ack-one-overview-row')[3];
    expect(
      within(webDemo).getByTestId('ack-one-overview-traffic'),
    ).toHaveTextContent('idc-k8s 50%ack-hangzhou 50%');
    expect(within(webDemo).getByText('Drill completed')).toBeInTheDocument();
    const lastDrill = within(webDemo).getByText(
      formatTime('2026-11-26T21:59:12.000Z'),
    );
    expect(lastDrill).toHaveAttribute('datetime', '2026-11-26T21:59:12.000Z');
    expect(lastDrill).toHaveAttribute(
      'title',
      expect.stringMatching(/ago|yesterday/),
    );
    expect(formatTime('2026-11-26T21:59:12.000Z')).toMatch(/\d\d:\d\d:12 \S+$/);
    expect(screen.getByTestId('ack-one-overview-freshness')).toHaveTextContent(
      `Updated ${formatTime(overview.generatedAt)}`,
    );
  });

  it('filters by state, owner, Fleet and search, and sorts by column', async () => {
    await renderPage();
    pick(/^State ./, 'Degraded');
    expect(shownRefs()).toEqual(['component:default/orders']);
    pick(/^State ./, 'All');
    pick(/^Owner ./, 'app-team');
    expect(shownRefs()).toEqual(['component:default/billing']);
    pick(/^Owner ./, 'All');
    pick(/^Fleet ./, 'ackone-fleet');
    expect(shownRefs()).toHaveLength(3);
    fireEvent.change(
      screen.getByRole('searchbox', { name: 'Search services' }),
      {
        target: { value: 'overload' },
      },
    );
    expect(shownRefs()).toEqual(['component:default/orders']);
    fireEvent.change(
      screen.getByRole('searchbox', { name: 'Search services' }),
      {
        target: { value: '' },
      },
    );

    fireEvent.click(screen.getByRole('button', { name: 'Service' }));
    expect(shownRefs()).toEqual([
      'component:default/web-demo',
      'component:default/payments',
      'component:default/orders',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Service' }));
    expect(shownRefs()).toEqual([
      'component:default/orders',
      'component:default/payments',
      'component:default/web-demo',
    ]);
    expect(
      screen.getByRole('columnheader', { name: 'Service' }),
    ).toHaveAttribute('aria-sort', 'ascending');
  });

  it('starts filtered by the system in the address', async () => {
    await renderPage(
      mockApi(),
      '/dr-overview?system=system%3Adefault%2Fback-office',
    );
    expect(shownRefs()).toEqual(['component:default/billing']);
    expect(screen.getByRole('button', { name: /System/ })).toHaveTextContent(
      'back-office',
    );
  });

  it('shows the blast radius of the picked cluster', async () => {
    const api = await renderPage();
    pick(/Cluster that fails/, 'idc-k8s');
    const down = await screen.findByTestId('ack-one-blast-down');
    expect(api.getBlastRadius).toHaveBeenCalledWith(IDC_ID);
    expect(
      within(down).getByRole('heading', { name: 'Would go down (1)' }),
    ).toBeInTheDocument();
    expect(
      within(down).getByRole('link', { name: 'orders' }),
    ).toBeInTheDocument();
    expect(
      within(down).getByText('ack-hangzhou has 1 ready of the 3 serving now'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('ack-one-blast-loses-capacity')).getByRole(
        'link',
        { name: 'web-demo' },
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('ack-one-blast-unaffected')).getByText(
        'idc-k8s does not run it',
      ),
    ).toBeInTheDocument();

    api.getBlastRadius.mockRejectedValueOnce(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: `No cluster ${ACK_ID}` },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    pick(/Cluster that fails/, 'ack-hangzhou');
    expect(
      await screen.findByText(
        `Could not work out the blast radius: No cluster ${ACK_ID}`,
      ),
    ).toBeInTheDocument();
  });

  it('downloads the filtered table as CSV', async () => {
    await renderPage();
    pick(/^Owner ./, 'app-team');
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:overview';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(blobs[0].type).toBe('text/csv');
    const text = await blobs[0].text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^billing,component:default\/billing,app-team,/);
    click.mockRestore();
  });

  it('greys the states and says so when a refresh fails', async () => {
    const api = await renderPage();
    expect(screen.getByTestId('ack-one-overview-freshness')).toHaveAttribute(
      'role',
      'status',
    );
    expect(screen.getByTestId('ack-one-overview-table')).not.toHaveAttribute(
      'data-stale',
    );
    api.getOverview.mockRejectedValueOnce(new Error('backend unreachable'));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(screen.getByTestId('ack-one-overview-table')).toHaveAttribute(
        'data-stale',
        'true',
      ),
    );
    const freshness = screen.getByTestId('ack-one-overview-freshness');
    expect(freshness).toHaveTextContent(
      /Refresh failed at .*: backend unreachable\. The states shown are greyed out: they are the last good data, from /,
    );
    expect(freshness).toHaveTextContent(
      `the last good data, from ${formatTime(overview.generatedAt)}.`,
    );
    expect(shownRefs()).toHaveLength(4);

    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(screen.getByTestId('ack-one-overview-table')).not.toHaveAttribute(
        'data-stale',
      ),
    );
    expect(api.getOverview).toHaveBeenCalledTimes(3);
  });

  it("shows the backend's message when the first load fails", async () => {
    const api = mockApi();
    api.getOverview.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'Error', message: 'The DR cache is starting' },
            response: { statusCode: 503 },
          }),
          { status: 503, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[ackOneApiRef, api]]}>
        <DrOverviewPage refreshIntervalMs={3_600_000} />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Could not load the DR overview: The DR cache is starting.',
    );
    expect(screen.queryByTestId('ack-one-overview-table')).toBeNull();
  });
});
