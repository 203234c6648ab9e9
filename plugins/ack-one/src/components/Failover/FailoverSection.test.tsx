import { ResponseError } from '@backstage/errors';
import {
  ackOneFailoverOverridePermission,
  ackOneFailoverRequestPermission,
  FailoverRequest,
} from '@internal/plugin-ack-one-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  ALICE,
  BOB,
  completedSlow,
  executingRequest,
  rejectedRequest,
  requestedByBob,
  WEB_DEMO_REF,
} from '../../failoverTestData';
import { formatTime } from '../presentation';
import {
  decided,
  failoverApi,
  fakeSignals,
  permissions,
  renderSection,
} from './__testUtils__/failoverSection';

const requestButton = () =>
  screen.getByRole('button', { name: 'Request failover' });
const openRequest = () =>
  screen.findByRole('region', { name: 'Failover request by bob' });

// Rendering dialogs and tables with MUI is slow on a busy machine.
jest.setTimeout(20_000);

describe('FailoverSection', () => {
  it('lets owners request a failover', async () => {
    await renderSection();
    expect(
      screen.getByRole('heading', { name: 'Failover' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(requestButton()).toBeEnabled());
    fireEvent.click(requestButton());
    expect(
      screen.getByRole('dialog', {
        name: `Request failover of ${WEB_DEMO_REF}`,
      }),
    ).toBeInTheDocument();
    // No override permission: no emergency checkbox.
    expect(
      screen.queryByRole('checkbox', { name: /Emergency override/ }),
    ).not.toBeInTheDocument();
  });

  it('disables the button, with the reason, for users who may not request', async () => {
    await renderSection({ permissionApi: permissions() });
    await waitFor(() =>
      expect(requestButton()).toHaveAccessibleDescription(
        'Only the owners of this service may request a failover.',
      ),
    );
    expect(requestButton()).toBeDisabled();
  });

  it('offers the emergency override to users with its permission', async () => {
    await renderSection({
      permissionApi: permissions(
        ackOneFailoverRequestPermission.name,
        ackOneFailoverOverridePermission.name,
      ),
    });
    await waitFor(() => expect(requestButton()).toBeEnabled());
    fireEvent.click(requestButton());
    expect(
      screen.getByRole('checkbox', { name: /Emergency override/ }),
    ).toBeInTheDocument();
  });

  it('lists a new request after it is submitted', async () => {
    const api = failoverApi();
    api.requestFailover.mockResolvedValue(requestedByBob);
    await renderSection({ api, user: BOB });
    await waitFor(() => expect(requestButton()).toBeEnabled());
    fireEvent.click(requestButton());
    fireEvent.click(
      screen.getByRole('radio', { name: /All traffic to ack-hangzhou/ }),
    );
    fireEvent.change(screen.getByLabelText(/Reason/), {
      target: { value: 'IDC power maintenance' },
    });
    const submit = screen.getByRole('button', { name: 'Submit request' });
    await waitFor(() => expect(submit).toBeEnabled());
    fireEvent.click(submit);

    expect(
      await screen.findByText(
        'Failover requested; another owner must approve it before it runs.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await openRequest()).toBeInTheDocument();
  });

  it('shows an open request with its facts and lets another owner approve it', async () => {
    const api = failoverApi([requestedByBob]);
    let onServer = requestedByBob;
    api.getFailover.mockImplementation(async () => onServer);
    api.approveFailover.mockImplementation(async (_id, reason) => {
      onServer = decided(requestedByBob, 'approved', reason);
      return onServer;
    });
    await renderSection({ api, user: ALICE });
    const request = await openRequest();
    expect(
      within(request).getByTestId('ack-one-failover-state'),
    ).toHaveTextContent('Waiting for approval');
    expect(
      within(request).getByText('IDC power maintenance'),
    ).toBeInTheDocument();
    expect(within(request).getByText(/^bob at/)).toHaveTextContent(
      `bob at ${formatTime(requestedByBob.requestedAt)}`,
    );
    expect(
      within(request).getByText(formatTime(requestedByBob.requestedAt)),
    ).toHaveAttribute('datetime', requestedByBob.requestedAt);
    const steps = within(request).getByRole('list', {
      name: 'Steps of the request',
    });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'idc-k8s 25% · ack-hangzhou 75%, then pause 60 s',
      'idc-k8s 0% · ack-hangzhou 100%',
    ]);
    expect(
      within(request).getByText(
        `not before ${formatTime(requestedByBob.window?.notBefore)}`,
      ),
    ).toBeInTheDocument();
    expect(within(request).getByText('Warm up first')).toBeInTheDocument();
    expect(
      within(request).getAllByTestId('ack-one-failover-check'),
    ).toHaveLength(2);
    expect(
      within(request).queryByRole('button', { name: 'Cancel request' }),
    ).not.toBeInTheDocument();

    fireEvent.click(within(request).getByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Approve the failover',
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.approveFailover).toHaveBeenCalledWith('fo-2', undefined),
    );
    expect(
      await within(request).findByText(
        'Approved by alice; it starts when its window opens.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the requester Cancel and that another owner must approve', async () => {
    const api = failoverApi([requestedByBob]);
    let onServer = requestedByBob;
    api.getFailover.mockImplementation(async () => onServer);
    api.cancelFailover.mockImplementation(async (_id, reason) => {
      onServer = decided(requestedByBob, 'cancelled', reason, BOB);
      return onServer;
    });
    await renderSection({ api, user: BOB });
    const request = await openRequest();
    expect(
      within(request).getByText(
        'You requested this failover: waiting for another owner to approve it.',
      ),
    ).toBeInTheDocument();
    expect(
      within(request).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      within(request).queryByRole('button', { name: 'Reject' }),
    ).not.toBeInTheDocument();

    fireEvent.click(
      within(request).getByRole('button', { name: 'Cancel request' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Cancel the failover request',
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    const row = await screen.findByTestId('ack-one-failover-history');
    expect(row).toHaveAttribute('data-state', 'cancelled');
    expect(api.cancelFailover).toHaveBeenCalledWith('fo-2', undefined);
    expect(screen.getByText('No open failover requests.')).toBeInTheDocument();
  });

  it('keeps a decision when an older answer arrives after it', async () => {
    const api = failoverApi([requestedByBob]);
    const approved = decided(requestedByBob, 'approved');
    let answer: (request: FailoverRequest) => void = () => {};
    api.getFailover
      .mockImplementationOnce(
        () =>
          new Promise(resolve => {
            answer = resolve;
          }),
      )
      .mockResolvedValue(approved);
    api.approveFailover.mockResolvedValue(approved);
    await renderSection({ api, user: ALICE });
    const request = await openRequest();
    // A poll is under way when Alice approves.
    await waitFor(() => expect(api.getFailover).toHaveBeenCalled());
    fireEvent.click(within(request).getByRole('button', { name: 'Approve' }));
    fireEvent.click(
      within(
        screen.getByRole('dialog', { name: 'Approve the failover' }),
      ).getByRole('button', { name: 'Approve' }),
    );
    const chip = within(request).getByTestId('ack-one-failover-state');
    await waitFor(() => expect(chip).toHaveTextContent('Approved'));

    // Its answer, from before the approval, does not undo it.
    await act(async () => answer(requestedByBob));
    expect(chip).toHaveTextContent('Approved');
    expect(
      within(request).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it('shows no decision to a user without the approve permission', async () => {
    const api = failoverApi([requestedByBob]);
    api.getFailover.mockResolvedValue(requestedByBob);
    await renderSection({
      api,
      user: 'user:default/carol',
      permissionApi: permissions(),
    });
    const request = await openRequest();
    expect(
      within(request).getByText(
        'Waiting for an owner of the service to approve it.',
      ),
    ).toBeInTheDocument();
    expect(within(request).queryAllByRole('button')).toHaveLength(0);
  });

  it('asks for a reason to reject', async () => {
    const api = failoverApi([requestedByBob]);
    api.getFailover.mockResolvedValue(requestedByBob);
    api.rejectFailover.mockResolvedValue(rejectedRequest);
    await renderSection({ api, user: ALICE });
    const request = await openRequest();
    fireEvent.click(within(request).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject the failover' });
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    expect(
      within(dialog).getByText('Say why, for the requester.'),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'Not during the sale' },
    });
    expect(reject).toBeEnabled();
    fireEvent.click(reject);
    await waitFor(() =>
      expect(api.rejectFailover).toHaveBeenCalledWith(
        'fo-2',
        'Not during the sale',
      ),
    );
  });

  it("shows the server's refusal of a decision in the dialog", async () => {
    const api = failoverApi([requestedByBob]);
    api.getFailover.mockResolvedValue(requestedByBob);
    api.approveFailover.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'ConflictError',
              message:
                'failover fo-2 is approved already; only a requested failover can be decided',
            },
            response: { statusCode: 409 },
          }),
          {
            status: 409,
            statusText: 'Conflict',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );
    await renderSection({ api, user: ALICE });
    const request = await openRequest();
    fireEvent.click(within(request).getByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve the failover' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(
      await within(dialog).findByText(
        'failover fo-2 is approved already; only a requested failover can be decided',
      ),
    ).toBeInTheDocument();
  });

  it('shows live progress per step, refreshed until the request ends', async () => {
    const api = failoverApi([executingRequest]);
    api.getFailover.mockResolvedValue(executingRequest);
    await renderSection({ api });
    const request = await openRequest();
    const rows = within(request).getAllByTestId('ack-one-failover-progress');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByTestId('ack-one-failover-step-state'),
    ).toHaveTextContent('Done');
    const [started, finished] = within(rows[0]).getAllByText(
      /\d\d:\d\d:\d\d \S+$/,
    );
    expect(started).toHaveTextContent(
      formatTime(executingRequest.progress[0].startedAt),
    );
    expect(started).toHaveAttribute(
      'datetime',
      executingRequest.progress[0].startedAt,
    );
    expect(finished).toHaveTextContent(
      formatTime(executingRequest.progress[0].finishedAt),
    );
    expect(finished).toHaveAttribute('title', expect.stringMatching(/ago/));
    expect(
      within(rows[0]).getByText(
        'Gateway at idc-k8s 25% · ack-hangzhou 75%, verified',
      ),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByTestId('ack-one-failover-step-state'),
    ).toHaveTextContent('Applying');
    expect(
      within(rows[1]).getByText(
        'Updating the canary weight of web-demo-canary',
      ),
    ).toBeInTheDocument();
    // The checks at request time are folded away while it runs.
    expect(
      within(request).queryAllByTestId('ack-one-failover-check'),
    ).toHaveLength(0);
    fireEvent.click(
      within(request).getByRole('button', { name: 'Show checks' }),
    );
    expect(
      within(request).getAllByTestId('ack-one-failover-check'),
    ).toHaveLength(2);

    // Polling brings the end: the request moves to the history.
    api.getFailover.mockResolvedValue({
      ...completedSlow,
      id: executingRequest.id,
      events: [...executingRequest.events, ...completedSlow.events],
    });
    const row = await screen.findByTestId('ack-one-failover-history');
    expect(row).toHaveAttribute('data-state', 'completed');
    expect(api.getFailover).toHaveBeenCalledWith('fo-2');
    expect(
      screen.queryByRole('region', { name: 'Failover request by bob' }),
    ).not.toBeInTheDocument();
  });

  it('re-reads the list when the backend signals a transition of this service', async () => {
    const signals = fakeSignals();
    const api = failoverApi();
    await renderSection({ api, signals: signals.api });
    await screen.findByText('No open failover requests.');
    api.listFailovers.mockResolvedValue({ items: [requestedByBob] });
    api.getFailover.mockResolvedValue(requestedByBob);

    signals.publish('ack-one:failover', {
      id: 'other',
      entityRef: 'component:default/orders',
      state: 'requested',
    });
    expect(api.listFailovers).toHaveBeenCalledTimes(1);

    signals.publish('ack-one:failover', {
      id: 'fo-2',
      entityRef: WEB_DEMO_REF,
      state: 'requested',
    });
    expect(await openRequest()).toBeInTheDocument();
    expect(api.listFailovers).toHaveBeenCalledTimes(2);
  });

  it('says when the requests cannot be loaded', async () => {
    const api = failoverApi();
    api.listFailovers.mockRejectedValue(new Error('backend restarting'));
    await renderSection({ api });
    expect(
      await screen.findByText(
        'Could not load the failover requests: backend restarting',
      ),
    ).toBeInTheDocument();
  });
});
