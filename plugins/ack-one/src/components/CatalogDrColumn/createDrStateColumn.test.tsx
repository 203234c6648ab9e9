import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { ackOneApiRef } from '../../api';
import { failoverApiMocks } from '../../failoverTestData';
import { createDrStateColumn } from './createDrStateColumn';

jest.setTimeout(30_000);

function component(name: string, fleet?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: fleet ? { 'ack-one/fleet': fleet } : {},
    },
    spec: { type: 'service', owner: 'platform-team', lifecycle: 'production' },
  };
}

const rows = [
  component('web-demo', 'ackone-fleet'),
  component('orders', 'ackone-fleet'),
  component('payments', 'ackone-fleet'),
  component('legacy-api'),
  component('new-service', 'ackone-fleet'),
].map(entity => ({ entity }));

function mockApi() {
  return {
    getClusterHealth: jest.fn(),
    getDrStatus: jest.fn(),
    ...failoverApiMocks(),
  };
}

async function renderColumn(api: ReturnType<typeof mockApi>) {
  const column = createDrStateColumn<{ entity: Entity }>();
  await renderInTestApp(
    <TestApiProvider apis={[[ackOneApiRef, api]]}>
      <table>
        <tbody>
          {rows.map(row => (
            <tr key={row.entity.metadata.name}>
              <th>{row.entity.metadata.name}</th>
              <td data-testid={`cell-${row.entity.metadata.name}`}>
                {column.render!(row, 'row')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TestApiProvider>,
  );
  return column;
}

const cell = (name: string) => screen.getByTestId(`cell-${name}`);

describe('createDrStateColumn', () => {
  it('shows the DR state of opted-in services from one overview fetch', async () => {
    const api = mockApi();
    const column = await renderColumn(api);
    expect(column.title).toBe('DR state');
    await waitFor(() =>
      expect(
        within(cell('orders')).getByTestId('ack-one-dr-state-chip'),
      ).toHaveAttribute('data-state', 'degraded'),
    );
    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(within(cell('web-demo')).getByText('In parity')).toBeInTheDocument();
    expect(
      within(cell('payments')).getByText('Site unreachable'),
    ).toBeInTheDocument();
    // Not opted in, or not (yet) in the overview: nothing.
    expect(cell('legacy-api')).toBeEmptyDOMElement();
    expect(cell('new-service')).toBeEmptyDOMElement();
  });

  it('sorts the worst first once loaded, opted-out rows last', async () => {
    const api = mockApi();
    const column = await renderColumn(api);
    await waitFor(() => expect(api.getOverview).toHaveBeenCalled());
    await screen.findAllByTestId('ack-one-dr-state-chip');
    const sorted = [...rows]
      .sort((a, b) => column.customSort!(b, a, 'row'))
      .map(r => r.entity.metadata.name);
    expect(sorted).toEqual([
      'payments',
      'orders',
      'web-demo',
      'new-service',
      'legacy-api',
    ]);
  });

  it("says the state is not available, with the backend's message on hover", async () => {
    const api = mockApi();
    api.getOverview.mockRejectedValue(new Error('ack-one is restarting'));
    await renderColumn(api);
    const notAvailable = await within(cell('orders')).findByText(
      'Not available',
    );
    expect(notAvailable).toHaveAttribute('title', 'ack-one is restarting');
    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(cell('legacy-api')).toBeEmptyDOMElement();
  });
});
