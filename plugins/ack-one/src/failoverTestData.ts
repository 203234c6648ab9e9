import {
  FailoverCheckResult,
  FailoverRequest,
  SafetyCheck,
} from '@internal/plugin-ack-one-common';
import { AckOneApi } from './api';
import { ACK_ID, IDC_ID } from './drTestData';
import { overviewApiMocks } from './overviewTestData';

/**
 * Failover requests of `component:default/web-demo` as the `ack-one`
 * backend answers them: Bob asks, Alice approves.
 */
export const WEB_DEMO_REF = 'component:default/web-demo';
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';

export const passingChecks: SafetyCheck[] = [
  {
    rule: 'traffic-kept',
    passed: true,
    message:
      'Every step (2) keeps the traffic on a cluster that runs the service.',
    numbers: { steps: 2 },
  },
  {
    rule: 'capacity',
    passed: true,
    message: 'ack-hangzhou can carry 100%: 4 ready replicas needed, 4 ready.',
    clusterId: ACK_ID,
    numbers: { share: 100, required: 4, ready: 4, max: 6 },
  },
];

export const failingCapacity: SafetyCheck = {
  rule: 'capacity',
  passed: false,
  message: 'ack-hangzhou cannot carry 100%: 4 ready replicas needed, 2 ready.',
  clusterId: ACK_ID,
  numbers: { share: 100, required: 4, ready: 2, max: 6 },
};

export const checkResult: FailoverCheckResult = {
  checks: passingChecks,
  predicted: [
    {
      clusterId: IDC_ID,
      name: 'idc-k8s',
      weight: 0,
      requiredReplicas: 0,
      readyReplicas: 2,
      maxReplicas: 6,
    },
    {
      clusterId: ACK_ID,
      name: 'ack-hangzhou',
      weight: 100,
      requiredReplicas: 4,
      readyReplicas: 4,
      maxReplicas: 6,
    },
  ],
};

/** Bob asks to move all traffic to the cloud in two steps. */
export const requestedByBob: FailoverRequest = {
  id: 'fo-2',
  entityRef: WEB_DEMO_REF,
  state: 'requested',
  steps: [
    { weights: { [IDC_ID]: 25, [ACK_ID]: 75 }, pauseSeconds: 60 },
    { weights: { [IDC_ID]: 0, [ACK_ID]: 100 } },
  ],
  reason: 'IDC power maintenance',
  window: { notBefore: '2025-06-01T22:00:00.000Z' },
  warmUp: true,
  emergency: false,
  requestedBy: BOB,
  requestedAt: '2025-06-01T08:10:00.000Z',
  previous: { [IDC_ID]: 50, [ACK_ID]: 50 },
  progress: [],
  events: [
    {
      at: '2025-06-01T08:10:00.000Z',
      actor: BOB,
      to: 'requested',
      reason: 'IDC power maintenance',
      checks: passingChecks,
    },
  ],
};

/** Bob's request, approved by Alice and at its second step. */
export const executingRequest: FailoverRequest = {
  ...requestedByBob,
  state: 'executing',
  decidedBy: ALICE,
  decidedAt: '2025-06-01T08:12:00.000Z',
  progress: [
    {
      index: 0,
      state: 'done',
      startedAt: '2025-06-01T08:12:01.000Z',
      finishedAt: '2025-06-01T08:12:20.000Z',
      message: 'Gateway at idc-k8s 25% · ack-hangzhou 75%, verified',
    },
    {
      index: 1,
      state: 'applying',
      startedAt: '2025-06-01T08:13:20.000Z',
      message: 'Updating the canary weight of web-demo-canary',
    },
  ],
  events: [
    ...requestedByBob.events,
    {
      at: '2025-06-01T08:12:00.000Z',
      actor: ALICE,
      from: 'requested',
      to: 'approved',
      reason: 'Maintenance window agreed',
      checks: passingChecks,
    },
  ],
};

/** A failover to the cloud that completed in 7 minutes, over the 5 min RTO. */
export const completedSlow: FailoverRequest = {
  ...executingRequest,
  id: 'fo-1',
  state: 'completed',
  requestedAt: '2025-05-20T10:00:00.000Z',
  decidedAt: '2025-05-20T10:05:00.000Z',
  window: undefined,
  steps: [{ weights: { [IDC_ID]: 0, [ACK_ID]: 100 } }],
  previous: { [IDC_ID]: 60, [ACK_ID]: 40 },
  progress: [
    {
      index: 0,
      state: 'done',
      startedAt: '2025-05-20T10:05:01.000Z',
      finishedAt: '2025-05-20T10:12:00.000Z',
    },
  ],
  durationSeconds: 420,
  rtoSeconds: 300,
  events: [
    {
      at: '2025-05-20T10:00:00.000Z',
      actor: BOB,
      to: 'requested',
      reason: 'Drill',
      checks: passingChecks,
    },
    {
      at: '2025-05-20T10:05:00.000Z',
      actor: ALICE,
      from: 'requested',
      to: 'approved',
      checks: [failingCapacity],
    },
  ],
  reason: 'Drill',
};

/** A request Alice rejected. */
export const rejectedRequest: FailoverRequest = {
  ...requestedByBob,
  id: 'fo-0',
  state: 'rejected',
  requestedAt: '2025-05-10T09:00:00.000Z',
  decidedBy: ALICE,
  decidedAt: '2025-05-10T09:30:00.000Z',
  reason: 'Test the standby',
  events: [
    ...requestedByBob.events,
    {
      at: '2025-05-10T09:30:00.000Z',
      actor: ALICE,
      from: 'requested',
      to: 'rejected',
      reason: 'Not during the sale',
    },
  ],
};

type FailoverMethod =
  | 'checkFailover'
  | 'requestFailover'
  | 'listFailovers'
  | 'getFailover'
  | 'approveFailover'
  | 'rejectFailover'
  | 'cancelFailover';

function mockMethod<K extends FailoverMethod>(
  impl: (...args: Parameters<AckOneApi[K]>) => ReturnType<AckOneApi[K]>,
) {
  return jest.fn<ReturnType<AckOneApi[K]>, Parameters<AckOneApi[K]>>(impl);
}

const unexpected = async (): Promise<never> => {
  throw new Error('not expected in this test');
};

/**
 * The failover methods of {@link AckOneApi} as jest mocks: the checks pass,
 * the list is empty, anything else fails the test that did not set it up;
 * with the overview methods of `overviewApiMocks`.
 */
export function failoverApiMocks(): Pick<
  jest.Mocked<AckOneApi>,
  FailoverMethod
> &
  ReturnType<typeof overviewApiMocks> {
  return {
    ...overviewApiMocks(),
    checkFailover: mockMethod<'checkFailover'>(async () => checkResult),
    requestFailover: mockMethod<'requestFailover'>(unexpected),
    listFailovers: mockMethod<'listFailovers'>(async () => ({ items: [] })),
    getFailover: mockMethod<'getFailover'>(unexpected),
    approveFailover: mockMethod<'approveFailover'>(unexpected),
    rejectFailover: mockMethod<'rejectFailover'>(unexpected),
    cancelFailover: mockMethod<'cancelFailover'>(unexpected),
  };
}
