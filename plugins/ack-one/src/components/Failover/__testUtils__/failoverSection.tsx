import { identityApiRef } from '@backstage/core-plugin-api';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  ackOneFailoverApprovePermission,
  ackOneFailoverRequestPermission,
  FailoverRequest,
  FailoverState,
} from '@internal/plugin-ack-one-common';
import { act } from '@testing-library/react';
import { AckOneApi, ackOneApiRef } from '../../../api';
import { webDemoInParity } from '../../../drTestData';
import {
  ALICE,
  failoverApiMocks,
  WEB_DEMO_REF,
} from '../../../failoverTestData';
import { FailoverSection } from '../FailoverSection';

/* Helpers of the failover section's tests. */

type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;

/** A permission API allowing the named permissions only. */
export function permissions(...allowed: string[]): PermissionApi {
  return {
    authorize: async request =>
      ({
        result: allowed.includes(request.permission.name) ? 'ALLOW' : 'DENY',
      } as unknown as Decision),
  };
}

export const owner = permissions(
  ackOneFailoverRequestPermission.name,
  ackOneFailoverApprovePermission.name,
);

export function fakeSignals() {
  const listeners = new Map<string, (message: any) => void>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      listeners.set(channel, onMessage as (message: any) => void);
      return { unsubscribe: () => listeners.delete(channel) };
    },
  };
  const publish = (channel: string, message: unknown) =>
    act(() => listeners.get(channel)?.(message));
  return { api, publish };
}

export function failoverApi(items: FailoverRequest[] = []) {
  const api = {
    getClusterHealth: jest.fn(),
    getDrStatus: jest.fn(),
    ...failoverApiMocks(),
  } as jest.Mocked<AckOneApi>;
  api.listFailovers.mockResolvedValue({ items });
  return api;
}

export async function renderSection(
  options: {
    api?: jest.Mocked<AckOneApi>;
    permissionApi?: PermissionApi;
    user?: string;
    signals?: SignalApi;
  } = {},
) {
  const api = options.api ?? failoverApi();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [ackOneApiRef, api],
        [permissionApiRef, options.permissionApi ?? owner],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: options.user ?? ALICE }),
        ],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ]}
    >
      <FailoverSection
        status={webDemoInParity}
        entityRef={WEB_DEMO_REF}
        pollIntervalMs={20}
        checkDebounceMs={0}
      />
    </TestApiProvider>,
  );
  return api;
}

/** A request after a decision, as the backend records it. */
export function decided(
  request: FailoverRequest,
  state: FailoverState,
  reason?: string,
  actor: string = ALICE,
): FailoverRequest {
  const at = '2025-06-01T08:12:00.000Z';
  return {
    ...request,
    state,
    decidedBy: actor,
    decidedAt: at,
    events: [
      ...request.events,
      { at, actor, from: request.state, to: state, reason },
    ],
  };
}
