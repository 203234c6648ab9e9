import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { TrafficSplit } from '@internal/plugin-ack-one-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AckOneApi, ackOneApiRef } from '../../api';
import { ACK_ID, IDC_ID } from '../../drTestData';
import {
  checkResult,
  failingCapacity,
  failoverApiMocks,
  requestedByBob,
  WEB_DEMO_REF,
} from '../../failoverTestData';
import { CHECK_REASON } from './useSafetyChecks';
import { RequestFailoverDialog } from './RequestFailoverDialog';

const clusters = [
  { clusterId: IDC_ID, name: 'idc-k8s' },
  { clusterId: ACK_ID, name: 'ack-hangzhou' },
];

function failoverApi() {
  return {
    getClusterHealth: jest.fn(),
    getDrStatus: jest.fn(),
    ...failoverApiMocks(),
  } as jest.Mocked<AckOneApi>;
}

async function renderDialog(
  options: {
    api?: jest.Mocked<AckOneApi>;
    previous?: TrafficSplit;
    canOverride?: boolean;
    current?: TrafficSplit;
  } = {},
) {
  const api = options.api ?? failoverApi();
  const onSubmitted = jest.fn();
  const onClose = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[ackOneApiRef, api]]}>
      <RequestFailoverDialog
        entityRef={WEB_DEMO_REF}
        clusters={clusters}
        current={
          'current' in options
            ? options.current
            : { [IDC_ID]: 50, [ACK_ID]: 50 }
        }
        previous={options.previous}
        canOverride={options.canOverride ?? false}
        onClose={onClose}
        onSubmitted={onSubmitted}
        checkDebounceMs={0}
      />
    </TestApiProvider>,
  );
  return { api, onSubmitted, onClose };
}

const dialog = () =>
  screen.getByRole('dialog', {
    name: `Request failover of ${WEB_DEMO_REF}`,
  });
const submit = () => screen.getByRole('button', { name: 'Submit request' });
const steps = () =>
  screen.queryAllByTestId('ack-one-failover-step').map(s => s.textContent);
const choose = (label: string | RegExp) =>
  fireEvent.click(screen.getByRole('radio', { name: label }));
const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const chooseSteps = (label: string) => {
  fireEvent.mouseDown(screen.getByRole('button', { name: /Steps/ }));
  fireEvent.click(screen.getByRole('option', { name: label }));
};

// Rendering dialogs and tables with MUI is slow on a busy machine.
jest.setTimeout(20_000);

describe('RequestFailoverDialog', () => {
  it('offers presets that produce the right weights', async () => {
    await renderDialog({ previous: { [IDC_ID]: 60, [ACK_ID]: 40 } });
    expect(dialog()).toBeInTheDocument();
    expect(
      screen.getByText('Now: idc-k8s 50% · ack-hangzhou 50%'),
    ).toBeInTheDocument();
    expect(submit()).toBeDisabled();
    expect(screen.getByTestId('ack-one-failover-blocker')).toHaveTextContent(
      'Choose a target.',
    );

    choose(/All traffic to ack-hangzhou/);
    expect(steps()).toEqual(['Step 1: idc-k8s 0% · ack-hangzhou 100%']);
    choose(/All traffic to idc-k8s/);
    expect(steps()).toEqual(['Step 1: idc-k8s 100% · ack-hangzhou 0%']);
    choose(/Drain idc-k8s/);
    expect(steps()).toEqual(['Step 1: idc-k8s 0% · ack-hangzhou 100%']);
    choose(/Drain ack-hangzhou/);
    expect(steps()).toEqual(['Step 1: idc-k8s 100% · ack-hangzhou 0%']);
    choose(/Back to the previous split/);
    expect(steps()).toEqual(['Step 1: idc-k8s 60% · ack-hangzhou 40%']);
  });

  it('has no "previous split" preset without a completed failover', async () => {
    await renderDialog();
    expect(
      screen.queryByRole('radio', { name: /Back to the previous split/ }),
    ).not.toBeInTheDocument();
  });

  it('blocks custom weights that do not sum to 100, with a message', async () => {
    const { api } = await renderDialog();
    choose('Custom');
    type('Weight of idc-k8s (%)', '30');
    type('Weight of ack-hangzhou (%)', '60');
    type(/Reason/, 'rebalance');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The weights sum to 90%; they must sum to 100%.',
    );
    expect(submit()).toBeDisabled();
    expect(api.checkFailover).not.toHaveBeenCalled();

    type('Weight of ack-hangzhou (%)', '70');
    expect(steps()).toEqual(['Step 1: idc-k8s 30% · ack-hangzhou 70%']);
    await waitFor(() => expect(submit()).toBeEnabled());
  });

  it('previews the split of each step, with the pause', async () => {
    await renderDialog();
    choose(/All traffic to ack-hangzhou/);
    chooseSteps('Stepwise: 25% → 50% → 100%');
    type('Pause between steps (seconds)', '60');
    expect(steps()).toEqual([
      'Step 1: idc-k8s 38% · ack-hangzhou 62%, then pause 60 s',
      'Step 2: idc-k8s 25% · ack-hangzhou 75%, then pause 60 s',
      'Step 3: idc-k8s 0% · ack-hangzhou 100%',
    ]);
  });

  it('shows the live checks with their numbers and the predicted load', async () => {
    const { api } = await renderDialog();
    choose(/All traffic to ack-hangzhou/);
    const checks = await screen.findAllByTestId('ack-one-failover-check');
    expect(checks).toHaveLength(2);
    expect(checks[1]).toHaveTextContent(
      'PassCapacity (ack-hangzhou): ack-hangzhou can carry 100%: 4 ready replicas needed, 4 ready.share 100, required 4, ready 4, max 6',
    );
    expect(api.checkFailover).toHaveBeenLastCalledWith({
      entityRef: WEB_DEMO_REF,
      steps: [{ weights: { [IDC_ID]: 0, [ACK_ID]: 100 } }],
      reason: CHECK_REASON,
      warmUp: false,
      emergency: false,
    });
    const table = screen.getByRole('table', {
      name: 'Predicted load after the shift',
    });
    const ack = within(table).getByText('ack-hangzhou').closest('tr')!;
    expect(
      within(ack)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['ack-hangzhou', '100%', '4', '4', '6', 'Ready now']);
  });

  it('keeps submit disabled while a check fails', async () => {
    const api = failoverApi();
    api.checkFailover.mockResolvedValue({
      ...checkResult,
      checks: [checkResult.checks[0], failingCapacity],
    });
    await renderDialog({ api });
    choose(/All traffic to ack-hangzhou/);
    type(/Reason/, 'IDC power maintenance');
    const failing = await screen.findByText(/cannot carry 100%/);
    expect(failing.closest('li')).toHaveAttribute('data-passed', 'false');
    expect(
      within(failing.closest('li')!).getByText('Fail'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('share 100, required 4, ready 2, max 6'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ack-one-failover-blocker')).toHaveTextContent(
      '1 safety check fails; change the plan or fix the cause first.',
    );
    expect(submit()).toBeDisabled();
  });

  it('submits the exact input', async () => {
    const api = failoverApi();
    api.requestFailover.mockResolvedValue(requestedByBob);
    const { onSubmitted } = await renderDialog({ api });
    choose(/All traffic to ack-hangzhou/);
    chooseSteps('Stepwise: 50% → 100%');
    type('Pause between steps (seconds)', '30');
    type(/Reason/, '  IDC power maintenance ');
    type('Not before', '2030-01-01T22:00');
    type('Not after', '2030-01-02T02:00');
    fireEvent.click(screen.getByRole('checkbox', { name: /Warm up first/ }));
    await waitFor(() => expect(submit()).toBeEnabled());
    fireEvent.click(submit());

    await waitFor(() =>
      expect(onSubmitted).toHaveBeenCalledWith(requestedByBob),
    );
    expect(api.requestFailover).toHaveBeenCalledWith({
      entityRef: WEB_DEMO_REF,
      steps: [
        { weights: { [IDC_ID]: 25, [ACK_ID]: 75 }, pauseSeconds: 30 },
        { weights: { [IDC_ID]: 0, [ACK_ID]: 100 } },
      ],
      reason: 'IDC power maintenance',
      window: {
        notBefore: new Date('2030-01-01T22:00').toISOString(),
        notAfter: new Date('2030-01-02T02:00').toISOString(),
      },
      warmUp: true,
      emergency: false,
    });
  });

  it("shows the server's message when the request is refused", async () => {
    const api = failoverApi();
    api.requestFailover.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'window.notBefore is 2020-01-01T00:00:00.000Z, in the past; leave it out to execute once approved',
            },
            response: { statusCode: 400 },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );
    const { onSubmitted } = await renderDialog({ api });
    choose(/All traffic to ack-hangzhou/);
    type(/Reason/, 'maintenance');
    await waitFor(() => expect(submit()).toBeEnabled());
    fireEvent.click(submit());
    expect(
      await screen.findByText(
        'The request was refused: window.notBefore is 2020-01-01T00:00:00.000Z, in the past; leave it out to execute once approved',
      ),
    ).toBeInTheDocument();
    expect(onSubmitted).not.toHaveBeenCalled();
  });

  it('shows why the checks could not be evaluated', async () => {
    const api = failoverApi();
    api.checkFailover.mockRejectedValue(new Error('gateway cache not ready'));
    await renderDialog({ api });
    choose(/All traffic to ack-hangzhou/);
    expect(
      await screen.findByText(
        'The safety checks could not be evaluated: gateway cache not ready',
      ),
    ).toBeInTheDocument();
  });

  it('offers the emergency override only with its permission, with a warning', async () => {
    const api = failoverApi();
    api.requestFailover.mockResolvedValue(requestedByBob);
    await renderDialog({ api, canOverride: true });
    choose(/All traffic to ack-hangzhou/);
    fireEvent.click(
      screen.getByRole('checkbox', { name: /Emergency override/ }),
    );
    expect(
      screen.getByTestId('ack-one-failover-emergency-warning'),
    ).toHaveTextContent(
      /skips the second person.*Every owner of the service is notified/,
    );
    expect(screen.getByTestId('ack-one-failover-blocker')).toHaveTextContent(
      'An emergency override needs a reason.',
    );
    type(/Reason/, 'IDC is down');
    const execute = screen.getByRole('button', {
      name: 'Execute now (emergency)',
    });
    await waitFor(() => expect(execute).toBeEnabled());
    fireEvent.click(execute);
    await waitFor(() =>
      expect(api.requestFailover).toHaveBeenCalledWith(
        expect.objectContaining({ emergency: true, reason: 'IDC is down' }),
      ),
    );
  });

  it('has no emergency override without its permission', async () => {
    await renderDialog({ canOverride: false });
    expect(
      screen.queryByRole('checkbox', { name: /Emergency override/ }),
    ).not.toBeInTheDocument();
  });
});
