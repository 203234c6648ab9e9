import { KubernetesValidatorFunctions } from '@backstage/catalog-model';

/**
 * How ACK One objects appear in the Backstage catalog: entity types, and the
 * annotations and labels that the catalog provider writes and the frontend
 * cards, the Kubernetes cluster supplier and the DR backend read.
 *
 * Nothing here carries a secret: API server addresses and CA certificates
 * are public facts about a cluster; credentials never enter the catalog.
 */

/**
 * Prefix of every annotation and label this plugin set owns.
 *
 * @public
 */
export const ACK_ONE_PREFIX = 'ack-one';

/**
 * `spec.type` of the Resource entities the provider emits.
 *
 * @public
 */
export const ACK_ONE_ENTITY_TYPES = {
  fleet: 'ack-one-fleet',
  cluster: 'kubernetes-cluster',
  gateway: 'multi-cluster-gateway',
} as const;

/**
 * Annotations on fleet, cluster and gateway entities.
 *
 * @public
 */
export const ACK_ONE_ANNOTATIONS = {
  /** The configured account (`ackOne.accounts[].id`) the object was read from. */
  account: `${ACK_ONE_PREFIX}/account`,
  /** The ACK One cluster id (member cluster or Fleet), e.g. `c0123...`. */
  clusterId: `${ACK_ONE_PREFIX}/cluster-id`,
  /** CS cluster type: `ExternalKubernetes` (registered IDC cluster), `ManagedKubernetes`, `Kubernetes`. */
  clusterType: `${ACK_ONE_PREFIX}/cluster-type`,
  region: `${ACK_ONE_PREFIX}/region`,
  zone: `${ACK_ONE_PREFIX}/zone`,
  vpcId: `${ACK_ONE_PREFIX}/vpc-id`,
  /** Where the cluster runs: `idc` (own data centre) or `cloud`. */
  location: `${ACK_ONE_PREFIX}/location`,
  /** The cloud-side state (`running`, `waiting`, `disconnected`, ...). */
  state: `${ACK_ONE_PREFIX}/state`,
  /** Kubernetes version reported by the cloud. */
  kubernetesVersion: `${ACK_ONE_PREFIX}/kubernetes-version`,
  /** On a member cluster: the id of the Fleet it is attached to. */
  fleetId: `${ACK_ONE_PREFIX}/fleet-id`,
  /** On a fleet: whether Argo CD (GitOps) is enabled. `true` / `false`. */
  gitOpsEnabled: `${ACK_ONE_PREFIX}/gitops-enabled`,
  /** On a fleet: whether the multi-cluster gateway feature is enabled. */
  gatewayEnabled: `${ACK_ONE_PREFIX}/gateway-enabled`,
  /** On a gateway: `MseIngressConfig` or `AlbConfig`. */
  gatewayKind: `${ACK_ONE_PREFIX}/gateway-kind`,
  /** On a gateway: its status (`Pending`, `Running`, `Listening`, `Failed`). */
  gatewayStatus: `${ACK_ONE_PREFIX}/gateway-status`,
  /** On a gateway: its address once listening. */
  gatewayAddress: `${ACK_ONE_PREFIX}/gateway-address`,
  /** On a gateway: the IngressClass that routes through it. */
  gatewayIngressClass: `${ACK_ONE_PREFIX}/gateway-ingress-class`,
} as const;

/**
 * Labels (filterable in the catalog). Values are restricted to label syntax.
 *
 * @public
 */
export const ACK_ONE_LABELS = {
  location: `${ACK_ONE_PREFIX}/location`,
  clusterType: `${ACK_ONE_PREFIX}/cluster-type`,
  region: `${ACK_ONE_PREFIX}/region`,
} as const;

/**
 * `kubernetes.io/auth-provider` of the cluster entities the provider emits:
 * the auth strategy the ACK One Kubernetes module registers, which fetches
 * short-lived credentials from ACK One on the backend. No credential is
 * ever written to the catalog.
 */
// The Kubernetes backend only accepts strategy names without dashes.
/** @public */
export const ACK_ONE_KUBERNETES_AUTH_PROVIDER = 'ackOne';

/**
 * The entity name of a cloud object (fleet, cluster, gateway): its name when
 * that is a valid entity name, else its lower-cased id, else undefined. The
 * catalog provider and the Kubernetes cluster supplier both use it, so a
 * cluster's Kubernetes name equals its catalog entity name.
 *
 * @public
 */
export function ackOneEntityName(name: string, id: string): string | undefined {
  if (KubernetesValidatorFunctions.isValidObjectName(name)) return name;
  const lower = id.toLowerCase();
  if (KubernetesValidatorFunctions.isValidObjectName(lower)) return lower;
  return undefined;
}

/**
 * `backstage.io/managed-by-location` type of ACK One entities.
 *
 * @public
 */
export const ACK_ONE_LOCATION_TYPE = 'ack-one';

/**
 * Where a cluster runs.
 *
 * @public
 */
export type ClusterLocation = 'idc' | 'cloud';

/**
 * Registered clusters (`ExternalKubernetes`) are the ones brought under
 * ACK One from outside Alibaba Cloud: here, the IDC side.
 *
 * @public
 */
export function clusterLocationOf(clusterType: string): ClusterLocation {
  return clusterType === 'ExternalKubernetes' ? 'idc' : 'cloud';
}

/**
 * Annotations on a service entity that opts in to the DR tab.
 *
 * @public
 */
export const ACK_ONE_SERVICE_ANNOTATIONS = {
  /** The fleet the service is deployed by: a fleet entity ref or a Fleet cluster id. */
  fleet: `${ACK_ONE_PREFIX}/fleet`,
  /**
   * Role of each cluster: `active-active`, or a list such as
   * `<clusterId>=primary,<clusterId>=standby`.
   */
  clusterRoles: `${ACK_ONE_PREFIX}/cluster-roles`,
  /** Minimum standby capacity, as a percentage of the primary (e.g. `100`). */
  minStandbyCapacity: `${ACK_ONE_PREFIX}/min-standby-capacity`,
  /** RTO target, e.g. `5m`. */
  rto: `${ACK_ONE_PREFIX}/rto`,
} as const;
