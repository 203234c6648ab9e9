import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_LOCATION_TYPE,
  ACK_ONE_SERVICE_ANNOTATIONS,
  KUBERNETES_ANNOTATIONS,
} from '@internal/plugin-ack-one-common';
import {
  AckOneApplicationSet,
  APPLICATION_SET_ANNOTATIONS as A,
} from '@internal/plugin-ack-one-node';
import { IncompleteEntityError, resourceRef } from './entities';

/**
 * Whether an ApplicationSet is a service for the catalog: it names its
 * Backstage owner (as the `ack-one:app:deploy` scaffolder action writes it).
 */
export function isCatalogApplicationSet(appSet: AckOneApplicationSet): boolean {
  return !!appSet.annotations[A.owner]?.trim();
}

function compact(
  o: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v) out[k] = v;
  return out;
}

/**
 * The Component of an ApplicationSet that carries Backstage annotations: a
 * service owned by `backstage.io/owner`, with the DR policy annotations the
 * DR tab reads, the Fleet it is deployed by (`ack-one/fleet`) and the
 * Kubernetes plugin's id and namespace, so its DR and Kubernetes tabs work.
 */
export function componentEntity(
  appSet: AckOneApplicationSet,
  where: { account: string; region: string; fleetEntityName: string },
): Entity {
  const a = appSet.annotations;
  const kubernetesId = a[A.kubernetesId]?.trim() || appSet.name;
  const name = kubernetesId;
  if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
    throw new IncompleteEntityError(
      `ApplicationSet ${appSet.namespace}/${appSet.name}: "${name}" is not a valid entity name`,
    );
  }
  const location = `${ACK_ONE_LOCATION_TYPE}:${where.account}/${where.region}/${appSet.fleetId}/applicationsets/${appSet.name}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description:
        a[A.description] ??
        `Deployed by the ApplicationSet ${appSet.namespace}/${appSet.name} of Fleet ${where.fleetEntityName}`,
      annotations: compact({
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ACK_ONE_ANNOTATIONS.account]: where.account,
        [ACK_ONE_ANNOTATIONS.region]: where.region,
        [ACK_ONE_ANNOTATIONS.fleetId]: appSet.fleetId,
        [ACK_ONE_SERVICE_ANNOTATIONS.fleet]: where.fleetEntityName,
        [ACK_ONE_SERVICE_ANNOTATIONS.clusterRoles]: a[A.clusterRoles],
        [ACK_ONE_SERVICE_ANNOTATIONS.minStandbyCapacity]:
          a[A.minStandbyCapacity],
        [ACK_ONE_SERVICE_ANNOTATIONS.rto]: a[A.rto],
        [KUBERNETES_ANNOTATIONS.id]: kubernetesId,
        [KUBERNETES_ANNOTATIONS.namespace]:
          a[A.kubernetesNamespace] ?? appSet.destinationNamespace,
      }),
    },
    spec: {
      ...compact({
        type: 'service',
        lifecycle: a[A.lifecycle] ?? 'production',
        owner: a[A.owner].trim(),
        system: a[A.system],
      }),
      dependsOn: [resourceRef(where.fleetEntityName)],
    },
  };
}
