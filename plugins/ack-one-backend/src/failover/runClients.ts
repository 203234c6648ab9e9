import { getKubeconfigFor } from '@internal/plugin-ack-one-node';
import type { ServiceLocation } from '../cache/DrCache';
import { kubeJsonClient, type KubeJson } from './kubeClient';
import type { FailoverRunDeps } from './RunRecord';

/** JSON requests to the service's Fleet API server (its gateway Ingresses). */
export function fleetKube(
  deps: Pick<FailoverRunDeps, 'ackOne' | 'config'>,
  loc: ServiceLocation,
  signal: AbortSignal,
): KubeJson {
  const { ackOne } = deps;
  return kubeJsonClient({
    kubeConfig: async () =>
      ackOne.toKubeConfig(
        await ackOne.getFleetKubeconfig(
          loc.account,
          loc.region,
          loc.fleet.clusterId,
        ),
      ),
    timeoutMs: deps.config.kubeRequestTimeoutMs,
    signal,
  });
}

/** JSON requests to the API server of one of the Fleet's member clusters. */
export function memberKube(
  deps: Pick<FailoverRunDeps, 'ackOne' | 'config'>,
  loc: ServiceLocation,
  signal: AbortSignal,
): (clusterId: string) => KubeJson {
  const { ackOne } = deps;
  return clusterId => {
    const m = loc.members.find(x => x.clusterId === clusterId);
    return kubeJsonClient({
      kubeConfig: async () =>
        ackOne.toKubeConfig(
          await getKubeconfigFor(ackOne, {
            kind: 'cluster',
            account: loc.account,
            region: loc.region,
            clusterId,
            clusterType: m?.clusterType,
          }),
        ),
      timeoutMs: deps.config.kubeRequestTimeoutMs,
      signal,
    });
  };
}
