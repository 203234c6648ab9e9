import { createServiceFactory } from '@backstage/backend-plugin-api';
import { createServiceMock } from '@backstage/backend-test-utils';
import {
  ackOneServiceRef,
  AckOneApiError,
  DefaultAckOneService,
} from '@internal/plugin-ack-one-node';
import type {
  AckOneAccount,
  AckOneCluster,
  AckOneFleetDetails,
  AckOneGateway,
  AckOneKubeconfig,
  AckOneManagedCluster,
  AckOneService,
} from '@internal/plugin-ack-one-node';

/**
 * The cloud an in-memory `ackOneServiceMock` answers from.
 *
 * @public
 */
export interface AckOneServiceMockOptions {
  accounts?: AckOneAccount[];
  fleets?: AckOneFleetDetails[];
  clusters?: AckOneCluster[];
  /** Members of each Fleet, by Fleet id. */
  managedClusters?: Record<string, AckOneManagedCluster[]>;
  gateways?: AckOneGateway[];
  /** Kubeconfigs of member clusters and Fleets, by cluster id. */
  kubeconfigs?: Record<string, AckOneKubeconfig>;
}

function notFound(call: string, account: string, region: string, id: string) {
  return new AckOneApiError(
    { call, account, region },
    { code: 'NotFound', status: 404, retryable: false, message: `no ${id}` },
  );
}

function inMemoryAckOneService(
  options: AckOneServiceMockOptions = {},
): AckOneService {
  const { fleets = [], clusters = [], gateways = [] } = options;
  const inRegion =
    (account: string, region: string) =>
    (x: { account: string; regionId: string }) =>
      x.account === account && x.regionId === region;
  const kubeconfig = (call: string, a: string, r: string, id: string) => {
    const found = options.kubeconfigs?.[id];
    if (!found) throw notFound(call, a, r, `kubeconfig for ${id}`);
    return found;
  };
  return {
    listAccounts: () => (options.accounts ?? []).map(a => ({ ...a })),
    listFleets: async (a, r) => fleets.filter(inRegion(a, r)),
    getFleet: async (a, r, fleetId) => {
      const found = fleets.find(
        f => inRegion(a, r)(f) && f.clusterId === fleetId,
      );
      if (!found) throw notFound('DescribeHubClusterDetails', a, r, fleetId);
      return found;
    },
    listManagedClusters: async (_a, _r, fleetId) =>
      options.managedClusters?.[fleetId] ?? [],
    listClusters: async (a, r) => clusters.filter(inRegion(a, r)),
    getClusterKubeconfig: async (a, r, cluster) =>
      kubeconfig('DescribeClusterUserKubeconfig', a, r, cluster.clusterId),
    getFleetKubeconfig: async (a, r, fleetId) =>
      kubeconfig('DescribeHubClusterKubeconfig', a, r, fleetId),
    invalidateKubeconfig: () => {},
    retainKubeconfigs: () => {},
    // the same checks as the default service: no exec, https only, ...
    toKubeConfig: k =>
      new DefaultAckOneService({ accounts: [] }).toKubeConfig(k),
    listFleetGateways: async (a, r, fleetId) =>
      gateways.filter(
        g => g.account === a && g.regionId === r && g.fleetId === fleetId,
      ),
  };
}

/**
 * An in-memory AckOneService that answers from `options` (no cloud, no
 * cache): lists filtered by account and region, a not-found
 * `AckOneApiError` (status 404) for an unknown Fleet or kubeconfig.
 *
 * @public
 */
export function ackOneServiceMock(
  options?: AckOneServiceMockOptions,
): AckOneService {
  return inMemoryAckOneService(options);
}

/**
 * Test doubles of the ACK One service, in the style of `mockServices`.
 *
 * @public
 */
export namespace ackOneServiceMock {
  /** A factory that installs the in-memory service for `ackOneServiceRef`. */
  export const factory = (options?: AckOneServiceMockOptions) =>
    createServiceFactory({
      service: ackOneServiceRef,
      deps: {},
      factory: () => inMemoryAckOneService(options),
    });
  /** An AckOneService of jest mock functions, some given by the caller. */
  export const mock = createServiceMock(ackOneServiceRef, () => ({
    listAccounts: jest.fn(),
    listFleets: jest.fn(),
    getFleet: jest.fn(),
    listManagedClusters: jest.fn(),
    listClusters: jest.fn(),
    getClusterKubeconfig: jest.fn(),
    getFleetKubeconfig: jest.fn(),
    invalidateKubeconfig: jest.fn(),
    retainKubeconfigs: jest.fn(),
    toKubeConfig: jest.fn(),
    listFleetGateways: jest.fn(),
  }));
}
