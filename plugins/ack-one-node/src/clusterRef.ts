import type { AckOneKubeconfig, AckOneService } from './types';

/**
 * Where a member cluster or a Fleet lives, enough to fetch its kubeconfig. Not secret.
 *
 * @public
 */
export interface AckOneClusterRef {
  kind: 'cluster' | 'fleet';
  account: string;
  region: string;
  clusterId: string;
  /** For member clusters: registered clusters use their private address. */
  clusterType?: string;
}

/**
 * The kubeconfig of a member cluster or a Fleet (cached by the service).
 *
 * @public
 */
export function getKubeconfigFor(
  ackOne: AckOneService,
  ref: AckOneClusterRef,
): Promise<AckOneKubeconfig> {
  return ref.kind === 'fleet'
    ? ackOne.getFleetKubeconfig(ref.account, ref.region, ref.clusterId)
    : ackOne.getClusterKubeconfig(ref.account, ref.region, {
        clusterId: ref.clusterId,
        clusterType: ref.clusterType,
      });
}
