import * as $CS from '@alicloud/cs20151215';
import * as $Vpc from '@alicloud/vpc20160428';
import { CloudApi } from './CloudApi';
import {
  ADCP_VERSION,
  Harness,
  RecordingBridge,
  REGION,
  TEST_AK,
  newState,
  startHarness,
  waitFor,
} from './__testUtils__/harness';

describe('fault injection, call counting and lifecycle', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('throttles the next calls with the error the SDK treats as throttling', async () => {
    h.api.faults.throttleNext(2, { retryAfterMs: 50 });
    const err1 = await h.cs
      .describeClustersV1(new $CS.DescribeClustersV1Request({}))
      .catch(e => e);
    expect(err1).toMatchObject({
      name: 'ThrottlingError',
      code: 'Throttling.User',
      statusCode: 400,
      retryAfter: 50,
    });
    await expect(
      h.vpc.describeVirtualBorderRouters(
        new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }),
      ),
    ).rejects.toMatchObject({
      name: 'ThrottlingError',
      code: 'Throttling.User',
    });
    const ok = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({}),
    );
    expect(ok.statusCode).toBe(200);
  });

  it('fails the next calls with a chosen or default error', async () => {
    h.api.faults.failNext(1);
    await expect(
      h.cs.describeClustersV1(new $CS.DescribeClustersV1Request({})),
    ).rejects.toMatchObject({
      name: 'ServerError',
      code: 'InternalError',
      statusCode: 500,
    });

    h.api.faults.failNext(2, {
      status: 503,
      code: 'ServiceUnavailable',
      message: 'maintenance',
    });
    await expect(
      h.rpc('DescribeHubClusters', ADCP_VERSION, {}),
    ).rejects.toMatchObject({
      code: 'ServiceUnavailable',
      statusCode: 503,
    });
    const err = await h.cs
      .describeClustersV1(new $CS.DescribeClustersV1Request({}))
      .catch(e => e);
    expect(err).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    expect(err.message).toContain('maintenance');
    expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/);

    await expect(
      h.rpc('DescribeHubClusters', ADCP_VERSION, {}),
    ).resolves.toMatchObject({
      Clusters: [],
    });

    h.api.faults.failNext(3);
    h.api.faults.reset();
    await expect(
      h.rpc('DescribeHubClusters', ADCP_VERSION, {}),
    ).resolves.toBeDefined();
  });

  it('adds latency without failing calls', async () => {
    h.api.faults.setLatency(20);
    await expect(
      h.rpc('DescribeHubClusters', ADCP_VERSION, {}),
    ).resolves.toBeDefined();
    h.api.faults.setLatency(0);
  });

  it('counts calls per action', async () => {
    await h.cs.describeClustersV1(new $CS.DescribeClustersV1Request({}));
    await h.cs.describeClustersV1(new $CS.DescribeClustersV1Request({}));
    await h.rpc('DescribeHubClusters', ADCP_VERSION, {});
    await h.cs
      .describeClusterDetail('c00000000000000000000000000000000')
      .catch(() => undefined);
    expect(h.api.callCount()).toEqual({
      DescribeClustersV1: 2,
      DescribeHubClusters: 1,
      DescribeClusterDetail: 1,
    });
    h.api.resetCallCount();
    expect(h.api.callCount()).toEqual({});
  });

  it('resumes transitions of a saved state and stops its timers on close', async () => {
    const state = newState();
    state.fleets.push({
      clusterId: 'c0123456789abcdef0123456789abcdef',
      name: 'saved',
      regionId: REGION,
      vpcId: 'vpc-bp1testvpc0000000001',
      vSwitches: ['vsw-bp1testvswa000000001'],
      profile: 'Default',
      state: 'initial',
      created: '2026-01-01T00:00:00Z',
      updated: '2026-01-01T00:00:00Z',
      argoCdEnabled: false,
      argoCdHaEnabled: false,
      gatewayEnabled: false,
      publicApiServer: false,
      deletionProtection: false,
      members: [],
      tags: [],
    });
    const bridge = new RecordingBridge();
    const api = new CloudApi({
      state,
      credentials: [TEST_AK],
      bridge,
      timing: { fleetReadyMs: 10 },
    });
    await waitFor(() => state.fleets[0].state === 'running');
    expect(state.fleets[0].kubeServer).toBe(
      'fleet-c0123456789abcdef0123456789abcdef',
    );
    // the state stays serialisable
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    await api.close();

    // after close nothing moves any more
    const state2 = newState();
    state2.fleets.push({
      ...state.fleets[0],
      state: 'initial',
      kubeServer: 'x',
    });
    const api2 = new CloudApi({
      state: state2,
      credentials: [TEST_AK],
      bridge,
      timing: { fleetReadyMs: 30 },
    });
    await api2.close();
    await new Promise(r => setTimeout(r, 80));
    expect(state2.fleets[0].state).toBe('initial');
  });
});
