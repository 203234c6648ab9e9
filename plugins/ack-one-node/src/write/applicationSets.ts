import { withSdkAccess } from '../sdkAccess';
import type { AckOneService } from '../types';
import { KubeWrites } from './kube';

/**
 * The Argo CD namespace of a Fleet with GitOps enabled.
 *
 * @public
 */
export const FLEET_ARGOCD_NAMESPACE = 'argocd';

/**
 * Annotations on an ApplicationSet that make it a service in the Backstage
 * catalog: the scaffolder writes them, the ACK One entity provider turns the
 * ApplicationSet into a Component with them.
 *
 * @public
 */
export const APPLICATION_SET_ANNOTATIONS = {
  /** `spec.owner` of the Component (an entity ref); marks the ApplicationSet as a service. */
  owner: 'backstage.io/owner',
  system: 'backstage.io/system',
  lifecycle: 'backstage.io/lifecycle',
  description: 'backstage.io/description',
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  clusterRoles: 'ack-one/cluster-roles',
  minStandbyCapacity: 'ack-one/min-standby-capacity',
  rto: 'ack-one/rto',
} as const;

/**
 * An Argo CD ApplicationSet in a Fleet, the parts a catalog needs. Not secret.
 *
 * @public
 */
export interface AckOneApplicationSet {
  fleetId: string;
  name: string;
  namespace: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** `spec.template.spec.destination.namespace`, when set. */
  destinationNamespace?: string;
  /** `spec.template.spec.source.repoURL`, when set. */
  repoURL?: string;
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') {
    for (const [k, value] of Object.entries(v)) {
      if (typeof value === 'string') out[k] = value;
    }
  }
  return out;
}

/**
 * The ApplicationSets in a Fleet's `argocd` namespace, read with the
 * Fleet's kubeconfig through the service's retries and deadline. A Fleet
 * without Argo CD (the kind is not served) has none.
 *
 * @public
 */
export async function listFleetApplicationSets(
  ackOne: AckOneService,
  account: string,
  region: string,
  fleetId: string,
): Promise<AckOneApplicationSet[]> {
  const items = await new KubeWrites(withSdkAccess(ackOne)).listObjects(
    { kind: 'fleet', account, region, fleetId },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      namespace: FLEET_ARGOCD_NAMESPACE,
    },
  );
  return items
    .filter(o => typeof o?.metadata?.name === 'string')
    .map(o => {
      const spec = o.spec?.template?.spec ?? {};
      const source = spec.source ?? spec.sources?.[0] ?? {};
      return {
        fleetId,
        name: o.metadata.name,
        namespace: o.metadata?.namespace ?? FLEET_ARGOCD_NAMESPACE,
        annotations: strings(o.metadata?.annotations),
        labels: strings(o.metadata?.labels),
        destinationNamespace:
          typeof spec.destination?.namespace === 'string'
            ? spec.destination.namespace
            : undefined,
        repoURL:
          typeof source.repoURL === 'string' ? source.repoURL : undefined,
      };
    });
}
