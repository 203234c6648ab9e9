import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { DrStatus } from '@internal/plugin-ack-one-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import { AckOneApi, ackOneApiRef } from '../../api';
import {
  annotationProblems,
  notOptedInEntity,
  ordersEntity,
  ordersStandbyNotReady,
  webDemoAckUnreachable,
  webDemoEntity,
  webDemoInParity,
} from '../../drTestData';
import { failoverApiMocks } from '../../failoverTestData';
import { DrContent, DrContentProps } from './DrContent';

function drApi(
  impl: AckOneApi['getDrStatus'] = async () => webDemoInParity,
): jest.Mocked<AckOneApi> {
  return {
    getClusterHealth: jest.fn<
      ReturnType<AckOneApi['getClusterHealth']>,
      Parameters<AckOneApi['getClusterHealth']>
    >(async () => {
      throw new Error('not used by the DR tab');
    }),
    getDrStatus: jest.fn(impl),
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

async function renderTab(
  entity: Entity,
  api: AckOneApi,
  props: DrContentProps = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ackOneApiRef, api],
        [permissionApiRef, new MockPermissionApi()],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/alice' }),
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <DrContent {...props} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const region = (name: string) => screen.getByRole('region', { name });

describe('DrContent', () => {
  it('shows an active-active service in parity with traffic 50/50', async () => {
    const api = drApi();
    await renderTab(webDemoEntity, api);

    expect(await screen.findByText('Disaster recovery')).toBeInTheDocument();
    expect(api.getDrStatus).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'web-demo',
    });

    // Summary: parity, policy, time.
    const chips = screen.getAllByTestId('ack-one-parity-chip');
    expect(chips[0]).toHaveTextContent('In parity');
    expect(chips[0]).toHaveAttribute('data-severity', 'ok');
    expect(screen.getByText('Fleet ackone-fleet')).toBeInTheDocument();
    expect(screen.getByText('Active-active')).toBeInTheDocument();
    expect(screen.getByText('5m (5 min)')).toBeInTheDocument();
    expect(screen.getByText(/^Updated \d\d:\d\d:\d\d$/)).toBeInTheDocument();
    expect(
      screen.getByText('No disaster recovery warnings.'),
    ).toBeInTheDocument();

    // Clusters side by side.
    const idc = region('Cluster idc-k8s');
    expect(within(idc).getByText('idc-k8s')).toBeInTheDocument();
    expect(within(idc).getByText('active')).toBeInTheDocument();
    expect(within(idc).getByText('IDC')).toBeInTheDocument();
    expect(within(idc).getByText('Reachable')).toBeInTheDocument();
    expect(
      within(idc).getByText(/^Last sync \d\d:\d\d:\d\d$/),
    ).toBeInTheDocument();
    const ack = region('Cluster ack-hangzhou');
    expect(within(ack).getByText('Cloud')).toBeInTheDocument();
    expect(within(ack).getByText('Reachable')).toBeInTheDocument();

    // Workload parity: ready/desired per cluster, HPA, images.
    const table = screen.getByRole('table', { name: 'Workload parity' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Kind',
      'Workload',
      'idc-k8s',
      'ack-hangzhou',
      'Images',
      'Parity',
    ]);
    const row = within(table).getByText('web-demo/web-demo').closest('tr')!;
    expect(within(row).getByText('Deployment')).toBeInTheDocument();
    expect(within(row).getAllByText('2/2')).toHaveLength(2);
    expect(within(row).getAllByText('HPA 2–6')).toHaveLength(2);
    expect(
      within(row).getByText(
        'registry.cn-hangzhou.aliyuncs.com/acs/web-demo:0.6.0',
      ),
    ).toBeInTheDocument();
    expect(within(row).getByText('In parity')).toBeInTheDocument();

    // Gateway: declared and effective 50/50.
    const route = region('Route example.com/svc1');
    expect(
      within(route).getByText(
        'Service web-demo/service1 · Ingress web-demo, web-demo-canary',
      ),
    ).toBeInTheDocument();
    expect(
      within(route).getByRole('img', {
        name: 'Declared: idc-k8s 50%, ack-hangzhou 50%',
      }),
    ).toBeInTheDocument();
    expect(
      within(route).getByRole('img', {
        name: 'Effective: idc-k8s 50%, ack-hangzhou 50%',
      }),
    ).toBeInTheDocument();
    expect(within(route).getAllByText('50%').length).toBeGreaterThanOrEqual(4);
    expect(within(route).getAllByText('idc-k8s').length).toBeGreaterThan(0);
    expect(within(route).getAllByText('ack-hangzhou').length).toBeGreaterThan(
      0,
    );

    // Capacity: neither can carry the load of 4 now, both after scaling.
    const capacity = screen.getAllByTestId('ack-one-dr-capacity');
    expect(capacity.map(r => r.dataset.cluster)).toEqual([
      'idc-k8s',
      'ack-hangzhou',
    ]);
    for (const r of capacity) {
      expect(r).toHaveAttribute('data-now', 'false');
      expect(r).toHaveAttribute('data-after-scaling', 'true');
    }
    expect(
      screen.getByText(/The load is 4 ready replicas/),
    ).toBeInTheDocument();
  });

  it('offers failover for a service with a policy', async () => {
    const api = drApi();
    await renderTab(webDemoEntity, api);
    expect(
      await screen.findByRole('heading', { name: 'Failover' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Request failover' }),
    ).toBeEnabled();
    expect(api.listFailovers).toHaveBeenCalledWith(
      'component:default/web-demo',
      { limit: 20 },
    );
  });

  it('warns that the standby is not ready, in plain language', async () => {
    await renderTab(
      ordersEntity,
      drApi(async () => ordersStandbyNotReady),
    );
    const warnings = await screen.findAllByTestId('ack-one-dr-warning');
    expect(warnings[0]).toHaveTextContent(
      'Deployment orders/orders: Standby ack-hangzhou has 1 of 3 replicas ready: a failover now would overload it.',
    );
    expect(warnings[1]).toHaveTextContent(
      'ack-hangzhou could not carry all traffic',
    );
    const chip = screen.getAllByTestId('ack-one-parity-chip')[0];
    expect(chip).toHaveTextContent('Standby not ready');
    expect(chip).toHaveAttribute('data-severity', 'warning');

    expect(
      within(region('Cluster idc-k8s')).getByText('primary'),
    ).toBeInTheDocument();
    expect(
      within(region('Cluster ack-hangzhou')).getByText('standby'),
    ).toBeInTheDocument();
    expect(screen.getByText('Primary-standby')).toBeInTheDocument();

    const row = screen.getByText('orders/orders').closest('tr')!;
    expect(within(row).getByText('1/3')).toBeInTheDocument();
    expect(
      within(row).getByLabelText(
        '1 ready, 1 available, 3 updated of 3 desired',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(
        'Standby ack-hangzhou has 1 of 3 replicas ready: a failover now would overload it.',
      ),
    ).toBeInTheDocument();

    // Traffic follows ready pods: 75/25 now.
    const route = region('Route orders.example.com/');
    expect(
      within(route).getByRole('img', { name: 'Declared: by ready pods 100%' }),
    ).toBeInTheDocument();
    expect(
      within(route).getByRole('img', {
        name: 'Effective: idc-k8s 75%, ack-hangzhou 25%',
      }),
    ).toBeInTheDocument();
    expect(
      within(route).getByText('x-dr-drill = true → ack-hangzhou'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /orders-drill: canary-weight is ignored because canary-by-header is set/,
      ),
    ).toBeInTheDocument();
  });

  it('shows an unreachable cluster with the age of its data', async () => {
    await renderTab(
      webDemoEntity,
      drApi(async () => webDemoAckUnreachable),
    );
    const ack = await screen.findByRole('region', {
      name: 'Cluster ack-hangzhou',
    });
    expect(within(ack).getByText('Unreachable')).toBeInTheDocument();
    expect(within(ack).getByText('data 42 s old')).toBeInTheDocument();
    expect(
      within(ack).getByText(
        'The cluster API server did not answer: dial tcp 10.1.0.10:6443: i/o timeout',
      ),
    ).toBeInTheDocument();
    expect(ack).toHaveAttribute('data-reachable', 'false');
    expect(
      within(region('Cluster idc-k8s')).getByText('Reachable'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ack-one-dr-warning')).toHaveTextContent(
      'ack-hangzhou is unreachable; what is shown for it is 42 s old.',
    );
    expect(screen.getAllByTestId('ack-one-parity-chip')[0]).toHaveAttribute(
      'data-severity',
      'unknown',
    );
  });

  it('explains malformed annotations instead of showing the status', async () => {
    await renderTab(
      webDemoEntity,
      drApi(async () => annotationProblems),
    );
    const panel = await screen.findByTestId('ack-one-dr-problems');
    expect(
      within(panel).getByText(
        'Disaster recovery status unavailable: fix the annotations',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'Check ack-one/cluster-roles, ack-one/rto in the catalog-info.yaml of component:default/web-demo:',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'ack-one/cluster-roles gives cluster "idc-k8s" the role "leader"; roles are primary, standby and active',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'ack-one/rto is "soon"; write a duration such as "90s", "5m", "1h30m" or "PT5M"',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('ack-one-dr-cluster')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request failover' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Workload parity' }),
    ).not.toBeInTheDocument();
  });

  it('shows annotation errors above the status when there is a policy', async () => {
    const status: DrStatus = {
      ...webDemoInParity,
      problems: [
        {
          severity: 'error',
          annotation: 'ack-one/cluster-roles',
          message:
            'ack-one/cluster-roles names cluster "idc-old", which is not a member of fleet ackone-fleet (members: idc-k8s, ack-hangzhou).',
        },
        {
          severity: 'warning',
          annotation: 'ack-one/cluster-roles',
          message:
            'ack-one/cluster-roles does not name ack-hangzhou; it is taken as a standby.',
        },
      ],
    };
    await renderTab(
      webDemoEntity,
      drApi(async () => status),
    );
    const panel = await screen.findByTestId('ack-one-dr-problems');
    expect(
      within(panel).getByText('Fix the disaster recovery annotations'),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(/names cluster "idc-old"/),
    ).toBeInTheDocument();
    expect(
      within(panel).queryByText(/does not name ack-hangzhou/),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'ack-one/cluster-roles does not name ack-hangzhou; it is taken as a standby.',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('ack-one-dr-cluster')).toHaveLength(2);
  });

  it('asks for the ack-one/fleet annotation when it is missing', async () => {
    const api = drApi();
    await renderTab(notOptedInEntity, api);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/ack-one\/fleet/).length).toBeGreaterThan(0);
    expect(api.getDrStatus).not.toHaveBeenCalled();
  });

  it('shows a failed fetch in a response error panel', async () => {
    const failure = await errorResponse(
      503,
      'Service Unavailable',
      JSON.stringify({
        error: { name: 'Error', message: 'fleet cache not ready' },
        response: { statusCode: 503 },
      }),
    );
    await renderTab(
      webDemoEntity,
      drApi(async () => {
        throw failure;
      }),
    );
    expect(
      await screen.findByText(/Could not load the disaster recovery status/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/fleet cache not ready/).length).toBeGreaterThan(
      0,
    );
  });

  it('says what a 404 means', async () => {
    const notFound = await errorResponse(
      404,
      'Not Found',
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: 'No entity component:default/web-demo',
        },
        response: { statusCode: 404 },
      }),
    );
    await renderTab(
      webDemoEntity,
      drApi(async () => {
        throw notFound;
      }),
    );
    expect(
      await screen.findByText(
        /No disaster recovery status for component:default\/web-demo/,
      ),
    ).toBeInTheDocument();
  });

  it('refreshes itself, keeping the last data on a failed refresh', async () => {
    let release: (status: DrStatus) => void = () => {};
    const fourth = new Promise<DrStatus>(resolve => {
      release = resolve;
    });
    const api = drApi();
    api.getDrStatus
      .mockResolvedValueOnce(webDemoInParity)
      .mockResolvedValueOnce(webDemoAckUnreachable)
      .mockRejectedValueOnce(new Error('connection reset'))
      .mockReturnValueOnce(fourth)
      .mockResolvedValue(webDemoInParity);
    const { unmount } = await renderTab(webDemoEntity, api, {
      pollIntervalMs: 20,
    });

    // The second answer replaces the first.
    expect(await screen.findByText('data 42 s old')).toBeInTheDocument();
    // The failed third keeps it on screen, with the error.
    expect(
      await screen.findByText(/Refresh failed: connection reset/),
    ).toBeInTheDocument();
    expect(screen.getByText('data 42 s old')).toBeInTheDocument();
    // The fourth clears both.
    await act(async () => release(webDemoInParity));
    await waitFor(() =>
      expect(screen.queryByText(/Refresh failed/)).not.toBeInTheDocument(),
    );
    expect(screen.queryByText('data 42 s old')).not.toBeInTheDocument();

    unmount();
    const calls = api.getDrStatus.mock.calls.length;
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));
    expect(api.getDrStatus.mock.calls.length).toBe(calls);
  });

  it('polls every 4 seconds by default, so the tab is never 5 s behind', async () => {
    jest.useFakeTimers();
    try {
      const api = drApi();
      await renderTab(webDemoEntity, api);
      await act(async () => {
        await Promise.resolve();
      });
      expect(api.getDrStatus).toHaveBeenCalledTimes(1);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3900);
      });
      expect(api.getDrStatus).toHaveBeenCalledTimes(1);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(200);
      });
      expect(api.getDrStatus).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
