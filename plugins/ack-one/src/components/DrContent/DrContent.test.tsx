import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
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
  FAILED_OVER_SINCE,
  webDemoAckUnreachable,
  webDemoEntity,
  webDemoFailedOver,
  webDemoInParity,
} from '../../drTestData';
import { formatTime } from '../presentation';
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
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
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

    // Summary: state, parity, policy, time with its zone.
    const state = screen.getByTestId('ack-one-dr-state');
    expect(state).toHaveTextContent('In parity');
    expect(state).toHaveAttribute('data-severity', 'ok');
    const chips = screen.getAllByTestId('ack-one-parity-chip');
    expect(chips[0]).toHaveTextContent('In parity');
    expect(screen.getByText('Active-active')).toBeInTheDocument();
    expect(screen.getByText('5m (5 min)')).toBeInTheDocument();
    expect(screen.getByTestId('ack-one-dr-updated')).toHaveTextContent(
      formatTime(webDemoInParity.generatedAt),
    );
    expect(formatTime(webDemoInParity.generatedAt)).toMatch(
      /\d\d:\d\d:05 \S+$/,
    );

    // Links: the Fleet, each cluster, its ACK console page, Argo CD, and
    // each workload's Kubernetes tab.
    expect(screen.getByRole('link', { name: 'ackone-fleet' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/ackone-fleet',
    );
    expect(
      screen.getByRole('link', { name: /^web-demo, Opens in a new window/ }),
    ).toHaveAttribute(
      'href',
      'https://argocd.example.com/applications/argocd/web-demo',
    );

    // Active-active: neither cluster could carry the load of 4 now, as the
    // capacity table says, so the summary does not say "no warnings".
    expect(
      screen.queryByText('No disaster recovery warnings.'),
    ).not.toBeInTheDocument();
    const notes = screen.getAllByTestId('ack-one-dr-warning');
    expect(notes.map(n => n.textContent)).toEqual([
      expect.stringContaining(
        'idc-k8s could not carry all traffic now: 2 ready replicas against a load of 4; it can scale to 6.',
      ),
      expect.stringContaining(
        'ack-hangzhou could not carry all traffic now: 2 ready replicas against a load of 4; it can scale to 6.',
      ),
    ]);
    for (const n of notes) expect(n).toHaveAttribute('role', 'status');

    // Clusters side by side.
    const idc = region('Cluster idc-k8s');
    expect(within(idc).getByRole('link', { name: 'idc-k8s' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/idc-k8s',
    );
    expect(
      within(idc).getByRole('heading', { name: 'idc-k8s' }),
    ).toBeInTheDocument();
    const consoleLink = within(idc).getByRole('link', {
      name: 'idc-k8s in the ACK console, Opens in a new window',
    });
    expect(consoleLink).toHaveAttribute(
      'href',
      webDemoInParity.clusters[0].consoleUrl,
    );
    expect(consoleLink).toHaveAttribute('target', '_blank');
    expect(within(idc).getByText('active')).toBeInTheDocument();
    expect(within(idc).getByText('IDC')).toBeInTheDocument();
    expect(within(idc).getByText('Reachable')).toBeInTheDocument();
    const lastSync = within(idc).getByText(
      formatTime(webDemoInParity.clusters[0].lastSyncAt),
    );
    expect(lastSync.tagName).toBe('TIME');
    expect(lastSync.parentElement).toHaveTextContent(/^Last sync \S/);
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
    const link = within(table).getByRole('link', { name: 'web-demo/web-demo' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/web-demo/kubernetes',
    );
    const row = link.closest('tr')!;
    expect(within(row).getByText('Deployment')).toBeInTheDocument();
    expect(within(row).getAllByText('2/2')).toHaveLength(2);
    expect(within(row).getAllByText('HPA 2–6')).toHaveLength(2);
    expect(row).toHaveTextContent(
      'registry.cn-hangzhou.aliyuncs.com/acs/web-demo:0.6.0',
    );
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
    // The backend's three warnings, then the primary's capacity row, which
    // none of them is about.
    expect(warnings.map(w => w.dataset.warning)).toEqual([
      'standby-ready',
      'standby-serving',
      'standby-capacity',
      'capacity-now',
    ]);
    expect(warnings[0]).toHaveTextContent(
      'Deployment orders/orders: Standby ack-hangzhou has 1 of 3 replicas ready: a failover now would overload it.',
    );
    // The fix and where to do it.
    expect(warnings[0]).toHaveTextContent(
      'Fix: Look at the pods of orders in ack-hangzhou on the Kubernetes tab',
    );
    expect(
      within(warnings[0]).getByRole('link', { name: 'Kubernetes tab' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/kubernetes');
    expect(warnings[1]).toHaveTextContent(
      'Standby ack-hangzhou serves 25% of orders.example.com/',
    );
    expect(warnings[3]).toHaveTextContent(
      'idc-k8s could not carry all traffic: it can run 3 replicas against a load of 4.',
    );

    // The numbers in the capacity warning are those in the capacity table.
    const [, max, load] =
      /can run (\d+) replicas against a load of (\d+)/.exec(
        warnings[2].textContent ?? '',
      ) ?? [];
    const ackRow = screen
      .getAllByTestId('ack-one-dr-capacity')
      .find(r => r.dataset.cluster === 'ack-hangzhou')!;
    const cells = within(ackRow).getAllByRole('cell');
    expect(cells[2]).toHaveTextContent(max);
    expect(
      screen.getByText(`The load is ${load} ready replicas`, { exact: false }),
    ).toBeInTheDocument();
    expect(within(ackRow).getAllByText('No')).toHaveLength(2);

    const chip = screen.getByTestId('ack-one-dr-state');
    expect(chip).toHaveTextContent('Standby not ready');
    expect(chip).toHaveAttribute('data-severity', 'warning');
    // The standby serves traffic: a warning look on its card.
    expect(
      within(region('Cluster ack-hangzhou')).getByTestId(
        'ack-one-dr-standby-serving',
      ),
    ).toHaveTextContent('Standby serving 25%');
    expect(
      within(region('Cluster idc-k8s')).queryByTestId(
        'ack-one-dr-standby-serving',
      ),
    ).not.toBeInTheDocument();

    expect(
      within(region('Cluster idc-k8s')).getByText('primary'),
    ).toBeInTheDocument();
    expect(
      within(region('Cluster ack-hangzhou')).getByText('standby'),
    ).toBeInTheDocument();
    expect(screen.getByText('Primary-standby')).toBeInTheDocument();

    const row = screen.getByText('orders/orders').closest('tr')!;
    expect(within(row).getByText('1/3')).toBeInTheDocument();
    expect(within(row).getByText('not all ready')).toBeInTheDocument();
    expect(
      within(row).getByLabelText(
        '1 ready, 1 available, 3 updated of 3 desired (not all ready)',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(
        'Standby ack-hangzhou has 1 of 3 replicas ready: a failover now would overload it.',
      ),
    ).toBeInTheDocument();

    // No weight declared: the declared shares are the split by ready pods.
    const route = region('Route orders.example.com/');
    expect(
      within(route).getByRole('img', {
        name: 'Declared (split by ready pods): idc-k8s 75%, ack-hangzhou 25%',
      }),
    ).toBeInTheDocument();
    expect(within(route).getByTestId('ack-one-dr-by-pods')).toHaveTextContent(
      'No weight is declared for this route: the gateway splits it by ready pods, so the declared shares follow the ready replicas (now idc-k8s 75%, ack-hangzhou 25%).',
    );
    const weights = within(route).getAllByTestId('ack-one-dr-weight-row');
    expect(weights.map(r => r.textContent)).toEqual([
      'idc-k8s75%by ready pods75%',
      'ack-hangzhou25%by ready pods25%',
    ]);
    expect(within(route).queryByText('0%')).not.toBeInTheDocument();
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

  it('shows an unreachable site as such, and marks every figure of it last known', async () => {
    await renderTab(
      webDemoEntity,
      drApi(async () => webDemoAckUnreachable),
    );
    const ack = await screen.findByRole('region', {
      name: 'Cluster ack-hangzhou',
    });
    // The state: more alarming than unknown.
    const state = screen.getByTestId('ack-one-dr-state');
    expect(state).toHaveTextContent('Site unreachable');
    expect(state).toHaveAttribute('data-severity', 'critical');
    expect(screen.getByTestId('ack-one-dr-content')).toHaveAttribute(
      'data-state',
      'site-unreachable',
    );
    const banner = screen.getByTestId('ack-one-dr-site-unreachable');
    expect(banner).toHaveTextContent('Site unreachable: ack-hangzhou');
    expect(banner).toHaveTextContent(
      `Everything shown for ack-hangzhou is last-known data from ${formatTime(
        '2025-06-01T07:59:23.000Z',
      )} (data 42 s old)`,
    );

    expect(within(ack).getByText('Unreachable')).toHaveAttribute(
      'class',
      expect.stringContaining('MuiChip-label'),
    );
    expect(
      within(ack).getByText('Last-known data: data 42 s old.'),
    ).toBeInTheDocument();
    expect(
      within(ack).getByText('The API server did not answer within 5 s.'),
    ).toBeInTheDocument();
    expect(ack).toHaveAttribute('data-reachable', 'false');
    expect(
      within(region('Cluster idc-k8s')).getByText('Reachable'),
    ).toBeInTheDocument();

    // Replica cells, its share of the effective bar, its capacity row: in
    // words, not only in colour.
    const row = screen.getByText('web-demo/web-demo').closest('tr')!;
    const replicas = within(row).getAllByTestId('ack-one-dr-replicas');
    expect(replicas.map(r => r.dataset.stale)).toEqual([undefined, 'true']);
    expect(
      within(row).getByText('last known, data 42 s old'),
    ).toBeInTheDocument();
    // Pinned declared weights come from the Fleet, not from the cluster.
    expect(
      screen.getByRole('img', { name: /^Declared:/ }),
    ).toHaveAccessibleName('Declared: idc-k8s 50%, ack-hangzhou 50%');
    const effective = screen.getByRole('img', { name: /^Effective:/ });
    expect(effective).toHaveAccessibleName(
      'Effective: idc-k8s 50%, ack-hangzhou 50% (last known)',
    );
    const capacity = screen
      .getAllByTestId('ack-one-dr-capacity')
      .find(r => r.dataset.cluster === 'ack-hangzhou')!;
    expect(capacity).toHaveAttribute('data-stale', 'true');
    expect(
      within(capacity).getByText('last known, data 42 s old'),
    ).toBeInTheDocument();

    // The warning, with its fix and link, as a status; announced once.
    const warning = screen.getAllByTestId('ack-one-dr-warning')[0];
    expect(warning).toHaveAttribute('role', 'status');
    expect(warning).toHaveTextContent(
      'ack-hangzhou is unreachable; what is shown for it is 42 s old.',
    );
    expect(
      within(warning).getByRole('link', {
        name: 'ACK console, Opens in a new window',
      }),
    ).toHaveAttribute('href', webDemoAckUnreachable.clusters[1].consoleUrl);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'ack-hangzhou is unreachable',
    );
    expect(
      screen.queryByText('No disaster recovery warnings.'),
    ).not.toBeInTheDocument();
  });

  it('announces a new critical warning once, not at every refresh', async () => {
    // Each answer waits until the test releases it.
    const pending: Array<(status: DrStatus) => void> = [];
    const api = drApi(
      () => new Promise<DrStatus>(resolve => pending.push(resolve)),
    );
    const answer = async (status: DrStatus) => {
      await waitFor(() => expect(pending.length).toBeGreaterThan(0));
      await act(async () => pending.shift()!(status));
    };
    await renderTab(webDemoEntity, api, { pollIntervalMs: 10 });
    await answer(webDemoInParity);
    const announcer = await screen.findByTestId('ack-one-dr-announcement');
    expect(announcer).toHaveAttribute('role', 'alert');
    expect(announcer).toBeEmptyDOMElement();

    await answer(webDemoAckUnreachable);
    await waitFor(() =>
      expect(announcer).toHaveTextContent('ack-hangzhou is unreachable'),
    );
    const text = announcer.innerHTML;
    // The same warnings at the next answer: the announcement does not change.
    await answer(webDemoAckUnreachable);
    expect(announcer.innerHTML).toBe(text);
    // A new critical warning is announced, alone.
    await answer(webDemoFailedOver);
    await waitFor(() =>
      expect(announcer).toHaveTextContent(
        'idc-k8s is declared 50% but gets 0%',
      ),
    );
    expect(announcer).not.toHaveTextContent('unreachable');
  });

  it('says when and where the gateway failed the service over', async () => {
    await renderTab(
      webDemoEntity,
      drApi(async () => webDemoFailedOver),
    );
    const banner = await screen.findByTestId('ack-one-dr-failed-over');
    expect(banner).toHaveTextContent(
      `Failed over: serving from ack-hangzhou since ${formatTime(
        FAILED_OVER_SINCE,
      )}`,
    );
    expect(banner).toHaveTextContent(
      'idc-k8s has declared traffic but serves none now: the gateway moved it to ack-hangzhou by itself.',
    );
    expect(screen.getByTestId('ack-one-dr-state')).toHaveTextContent(
      'Failed over',
    );
    expect(
      screen.getByRole('img', { name: /^Effective:/ }),
    ).toHaveAccessibleName('Effective: ack-hangzhou 100%');
    const warning = screen.getAllByTestId('ack-one-dr-warning')[0];
    expect(warning).toHaveAttribute('data-severity', 'critical');
    expect(warning).toHaveTextContent(
      'Fix: Find why the pods of web-demo in idc-k8s are not ready on the Kubernetes tab.',
    );
    // Its numbers are the table's: idc-k8s declared 50%, serving 0%.
    const weights = screen
      .getAllByTestId('ack-one-dr-weight-row')
      .map(r => r.textContent);
    expect(weights).toEqual(['idc-k8s50%0%', 'ack-hangzhou50%100%']);
  });

  it('says "no warnings" only when every cluster could carry the load now', async () => {
    const status: DrStatus = {
      ...webDemoInParity,
      capacity: webDemoInParity.capacity.map(c => ({
        ...c,
        ready: 4,
        canCarryAllNow: true,
      })),
    };
    await renderTab(
      webDemoEntity,
      drApi(async () => status),
    );
    expect(
      await screen.findByText('No disaster recovery warnings.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('ack-one-dr-warning')).not.toBeInTheDocument();
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

    const stale = 'Last-known data: data 42 s old.';
    // The second answer replaces the first.
    expect(await screen.findByText(stale)).toBeInTheDocument();
    // The failed third keeps it on screen, greyed, with the error and since
    // when the refreshes fail.
    const failed = await screen.findByTestId('ack-one-dr-refresh-failed');
    expect(failed).toHaveTextContent(
      /^Refresh failed since \d\d:\d\d:\d\d \S+: connection reset\. Everything below is from/,
    );
    expect(failed).toHaveAttribute('role', 'status');
    expect(screen.getByTestId('ack-one-dr-content')).toHaveAttribute(
      'data-page-stale',
      'true',
    );
    expect(screen.getByText(stale)).toBeInTheDocument();
    // The fourth clears both.
    await act(async () => release(webDemoInParity));
    await waitFor(() =>
      expect(
        screen.queryByTestId('ack-one-dr-refresh-failed'),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByTestId('ack-one-dr-content')).not.toHaveAttribute(
      'data-page-stale',
    );
    expect(screen.queryByText(stale)).not.toBeInTheDocument();

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
