import {
  DrBlastRadius,
  DrOverview,
  DrOverviewCluster,
  DrOverviewRow,
} from '@internal/plugin-ack-one-common';
import { AckOneApi } from './api';
import { ACK_ID, FLEET_ID, IDC_ID } from './drTestData';

/**
 * The DR overview as the `ack-one` backend answers it for the simulator's
 * demo world, plus a service of another team on another Fleet.
 */
const fleet = { clusterId: FLEET_ID, name: 'ackone-fleet' };

function cluster(
  name: 'idc-k8s' | 'ack-hangzhou',
  servingPercent: number,
  more: Partial<DrOverviewCluster> = {},
): DrOverviewCluster {
  return {
    clusterId: name === 'idc-k8s' ? IDC_ID : ACK_ID,
    name,
    location: name === 'idc-k8s' ? 'idc' : 'cloud',
    role: 'active',
    reachable: true,
    ready: 2,
    max: 2,
    load: 2,
    canCarryAllNow: true,
    canCarryAllAfterScaling: true,
    servingPercent,
    ...more,
  };
}

function row(
  name: string,
  more: Partial<DrOverviewRow> & Pick<DrOverviewRow, 'state' | 'parity'>,
): DrOverviewRow {
  return {
    entityRef: `component:default/${name}`,
    owner: 'group:default/platform-team',
    system: 'system:default/demo-shop',
    fleet,
    mode: 'active-active',
    clusters: [cluster('idc-k8s', 50), cluster('ack-hangzhou', 50)],
    rto: '5m',
    rtoSeconds: 300,
    warningCount: 0,
    problemCount: 0,
    ...more,
  };
}

export const webDemoRow = row('web-demo', {
  state: 'in-parity',
  parity: 'in-parity',
  lastFailover: {
    requestId: 'fo-1',
    state: 'completed',
    at: '2026-11-26T21:59:12.000Z',
    drill: true,
    durationSeconds: 42,
  },
});

export const ordersRow = row('orders', {
  state: 'degraded',
  parity: 'degraded',
  mode: 'primary-standby',
  clusters: [
    cluster('idc-k8s', 100, { role: 'primary', ready: 3, max: 3, load: 3 }),
    cluster('ack-hangzhou', 0, {
      role: 'standby',
      ready: 1,
      max: 1,
      load: 0,
      canCarryAllNow: false,
      canCarryAllAfterScaling: false,
    }),
  ],
  standbyCapacityPercent: 33.3,
  warningCount: 2,
  topWarning:
    'Standby ack-hangzhou has 1 of 3 replicas ready: a failover now would overload it.',
});

export const paymentsRow = row('payments', {
  title: 'Payments, "core"',
  state: 'site-unreachable',
  parity: 'unknown',
  clusters: [
    cluster('idc-k8s', 100),
    cluster('ack-hangzhou', 0, { reachable: false }),
  ],
  warningCount: 1,
  topWarning: 'ack-hangzhou is unreachable: connection refused',
});

export const billingRow = row('billing', {
  owner: 'group:default/app-team',
  system: 'system:default/back-office',
  fleet: { clusterId: 'cfleet2', name: 'second-fleet' },
  state: 'standby-not-ready',
  parity: 'standby-not-ready',
  rto: '=cmd|calc',
  rtoSeconds: undefined,
});

export const overview: DrOverview = {
  generatedAt: '2026-11-27T05:59:12.000Z',
  items: [webDemoRow, ordersRow, paymentsRow, billingRow],
};

export const idcBlastRadius: DrBlastRadius = {
  clusterId: IDC_ID,
  generatedAt: '2026-11-27T05:59:13.000Z',
  items: [
    {
      entityRef: ordersRow.entityRef,
      impact: 'down',
      reason: 'ack-hangzhou has 1 ready of the 3 serving now',
    },
    {
      entityRef: webDemoRow.entityRef,
      impact: 'loses-capacity',
      reason: 'ack-hangzhou carries on with 2 of the 4 replicas serving now',
    },
    {
      entityRef: billingRow.entityRef,
      impact: 'unaffected',
      reason: 'idc-k8s does not run it',
    },
  ],
};

type OverviewMethod = 'getOverview' | 'getBlastRadius' | 'getFleetGateway';

const unexpected = async (): Promise<never> => {
  throw new Error('not expected in this test');
};

/**
 * The overview methods of {@link AckOneApi} as jest mocks: the overview
 * above, the IDC cluster's blast radius; the Fleet gateway fails the test
 * that did not set it up.
 */
export function overviewApiMocks(): Pick<
  jest.Mocked<AckOneApi>,
  OverviewMethod
> {
  return {
    getOverview: jest.fn<
      ReturnType<AckOneApi['getOverview']>,
      Parameters<AckOneApi['getOverview']>
    >(async () => overview),
    getBlastRadius: jest.fn<
      ReturnType<AckOneApi['getBlastRadius']>,
      Parameters<AckOneApi['getBlastRadius']>
    >(async () => idcBlastRadius),
    getFleetGateway: jest.fn<
      ReturnType<AckOneApi['getFleetGateway']>,
      Parameters<AckOneApi['getFleetGateway']>
    >(unexpected),
  };
}
