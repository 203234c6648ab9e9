import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  completedSlow,
  rejectedRequest,
  WEB_DEMO_REF,
} from '../../failoverTestData';
import { failoverApi, renderSection } from './__testUtils__/failoverSection';

// Rendering tables with MUI is slow on a busy machine.
jest.setTimeout(20_000);

describe('FailoverHistory in the failover section', () => {
  it('lists the history with who, when, why, weights and duration vs RTO', async () => {
    const api = failoverApi([completedSlow, rejectedRequest]);
    await renderSection({ api });
    const table = await screen.findByRole('table', {
      name: 'Failover history',
    });
    const [completed, rejected] = within(table).getAllByTestId(
      'ack-one-failover-history',
    );
    const cells = within(completed).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('Completed');
    expect(cells[1]).toHaveTextContent(/^bob/);
    expect(cells[2]).toHaveTextContent(/^alice/);
    expect(cells[3]).toHaveTextContent('Drill');
    expect(cells[4]).toHaveTextContent('idc-k8s 60% · ack-hangzhou 40%');
    expect(cells[5]).toHaveTextContent('idc-k8s 0% · ack-hangzhou 100%');
    expect(cells[6]).toHaveTextContent('7 min of 5 min RTO');
    expect(
      within(cells[6]).getByTestId('ack-one-failover-rto'),
    ).toHaveTextContent('Over RTO');

    expect(
      within(rejected).getByTestId('ack-one-failover-state'),
    ).toHaveTextContent('Rejected');
    expect(
      within(rejected).getByText('Rejected by alice: Not during the sale'),
    ).toBeInTheDocument();

    // The checks at decision time, on demand.
    const show = within(completed).getByRole('button', { name: 'Show checks' });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(show);
    const checks = screen.getByRole('list', {
      name: 'Safety checks at decision time',
    });
    expect(within(checks).getByText('Fail')).toBeInTheDocument();
    expect(
      within(checks).getByText('share 100, required 4, ready 2, max 6'),
    ).toBeInTheDocument();
    expect(
      within(completed).getByRole('button', { name: 'Hide checks' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('loads more history with the next cursor', async () => {
    const api = failoverApi();
    api.listFailovers
      .mockResolvedValueOnce({ items: [completedSlow], nextCursor: 'page-2' })
      .mockResolvedValueOnce({ items: [rejectedRequest] });
    await renderSection({ api });
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('ack-one-failover-history')).toHaveLength(2),
    );
    expect(api.listFailovers).toHaveBeenLastCalledWith(WEB_DEMO_REF, {
      limit: 20,
      cursor: 'page-2',
    });
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });
});
