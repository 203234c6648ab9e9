import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type { JsonObject } from '@backstage/types';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_ENTITY_TYPES,
  ACK_ONE_KUBERNETES_AUTH_PROVIDER,
  ACK_ONE_LABELS,
  ACK_ONE_LOCATION_TYPE,
  clusterLocationOf,
  ackOneEntityName,
} from '@internal/plugin-ack-one-common';
import type {
  AckOneCluster,
  AckOneFleetDetails,
  AckOneGateway,
} from '@internal/plugin-ack-one-node';

/** Public facts needed for the Kubernetes plugin annotations. */
export interface PublicClusterEndpoint {
  server: string;
  caData: string;
}

export interface EntityDefaults {
  owner: string;
  system?: string;
}

/** Thrown when an entity cannot be built completely; the reason is logged. */
export class IncompleteEntityError extends Error {}

const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function labelValue(v: string | undefined): string | undefined {
  return v && LABEL_VALUE.test(v) ? v : undefined;
}

function compact(
  o: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o))
    if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The entity name of a cloud object: its name when valid, else its id. */
export function entityNameFor(name: string, id: string): string {
  const entityName = ackOneEntityName(name, id);
  if (entityName) return entityName;
  throw new IncompleteEntityError(
    `neither the name nor the id (${id}) is a valid entity name`,
  );
}

function locationAnnotations(account: string, region: string, id: string) {
  const loc = `${ACK_ONE_LOCATION_TYPE}:${account}/${region}/${id}`;
  return { [ANNOTATION_LOCATION]: loc, [ANNOTATION_ORIGIN_LOCATION]: loc };
}

export function resourceRef(name: string) {
  return `resource:default/${name}`;
}

export function fleetEntity(
  fleet: AckOneFleetDetails,
  name: string,
  defaults: EntityDefaults,
): Entity {
  if (!fleet.clusterId) throw new IncompleteEntityError('the Fleet has no id');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: fleet.name || fleet.clusterId,
      description: `ACK One Fleet ${fleet.name} (${fleet.clusterId}) in ${fleet.regionId}`,
      annotations: compact({
        ...locationAnnotations(fleet.account, fleet.regionId, fleet.clusterId),
        [ACK_ONE_ANNOTATIONS.account]: fleet.account,
        [ACK_ONE_ANNOTATIONS.clusterId]: fleet.clusterId,
        [ACK_ONE_ANNOTATIONS.region]: fleet.regionId,
        [ACK_ONE_ANNOTATIONS.vpcId]: fleet.vpcId,
        [ACK_ONE_ANNOTATIONS.state]: fleet.state,
        [ACK_ONE_ANNOTATIONS.kubernetesVersion]: fleet.version,
        [ACK_ONE_ANNOTATIONS.gitOpsEnabled]:
          fleet.gitOpsEnabled === undefined
            ? undefined
            : String(fleet.gitOpsEnabled),
        [ACK_ONE_ANNOTATIONS.gatewayEnabled]:
          fleet.gatewayEnabled === undefined
            ? undefined
            : String(fleet.gatewayEnabled),
      }),
      labels: compact({ [ACK_ONE_LABELS.region]: labelValue(fleet.regionId) }),
    },
    spec: compact({
      type: ACK_ONE_ENTITY_TYPES.fleet,
      owner: defaults.owner,
      system: defaults.system,
    }),
  };
}

export function clusterEntity(
  cluster: AckOneCluster,
  name: string,
  opts: {
    defaults: EntityDefaults;
    fleet?: { id: string; entityName: string };
    endpoint?: PublicClusterEndpoint;
  },
): Entity {
  if (!cluster.clusterId)
    throw new IncompleteEntityError('the cluster has no id');
  if (!cluster.clusterType) {
    throw new IncompleteEntityError(`cluster ${cluster.clusterId} has no type`);
  }
  const where = clusterLocationOf(cluster.clusterType);
  const spec: JsonObject = compact({
    type: ACK_ONE_ENTITY_TYPES.cluster,
    owner: opts.defaults.owner,
    system: opts.defaults.system,
  });
  if (opts.fleet) spec.dependencyOf = [resourceRef(opts.fleet.entityName)];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: cluster.name || cluster.clusterId,
      description: `${where === 'idc' ? 'IDC (registered)' : 'ACK'} cluster ${
        cluster.name
      } (${cluster.clusterId}) in ${cluster.regionId}`,
      annotations: compact({
        ...(opts.endpoint
          ? {
              [ANNOTATION_KUBERNETES_API_SERVER]: opts.endpoint.server,
              [ANNOTATION_KUBERNETES_API_SERVER_CA]: opts.endpoint.caData,
              [ANNOTATION_KUBERNETES_AUTH_PROVIDER]:
                ACK_ONE_KUBERNETES_AUTH_PROVIDER,
            }
          : {}),
        ...locationAnnotations(
          cluster.account,
          cluster.regionId,
          cluster.clusterId,
        ),
        [ACK_ONE_ANNOTATIONS.account]: cluster.account,
        [ACK_ONE_ANNOTATIONS.clusterId]: cluster.clusterId,
        [ACK_ONE_ANNOTATIONS.clusterType]: cluster.clusterType,
        [ACK_ONE_ANNOTATIONS.region]: cluster.regionId,
        [ACK_ONE_ANNOTATIONS.zone]: cluster.zoneId,
        [ACK_ONE_ANNOTATIONS.vpcId]: cluster.vpcId,
        [ACK_ONE_ANNOTATIONS.location]: where,
        [ACK_ONE_ANNOTATIONS.state]: cluster.state,
        [ACK_ONE_ANNOTATIONS.kubernetesVersion]: cluster.currentVersion,
        [ACK_ONE_ANNOTATIONS.fleetId]: opts.fleet?.id,
      }),
      labels: compact({
        [ACK_ONE_LABELS.location]: where,
        [ACK_ONE_LABELS.clusterType]: labelValue(cluster.clusterType),
        [ACK_ONE_LABELS.region]: labelValue(cluster.regionId),
      }),
    },
    spec,
  };
}

export function gatewayEntity(
  gateway: AckOneGateway,
  name: string,
  opts: {
    defaults: EntityDefaults;
    fleetEntityName: string;
    clusterEntityNames: string[];
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: gateway.name,
      description: `ACK One multi-cluster gateway (${gateway.kind} ${gateway.name}) of Fleet ${gateway.fleetId}`,
      annotations: compact({
        ...locationAnnotations(
          gateway.account,
          gateway.regionId,
          `${gateway.fleetId}/${gateway.kind}/${gateway.name}`,
        ),
        [ACK_ONE_ANNOTATIONS.account]: gateway.account,
        [ACK_ONE_ANNOTATIONS.region]: gateway.regionId,
        [ACK_ONE_ANNOTATIONS.fleetId]: gateway.fleetId,
        [ACK_ONE_ANNOTATIONS.gatewayKind]: gateway.kind,
        [ACK_ONE_ANNOTATIONS.gatewayStatus]: gateway.status,
        [ACK_ONE_ANNOTATIONS.gatewayAddress]: gateway.address,
        [ACK_ONE_ANNOTATIONS.gatewayIngressClass]:
          gateway.ingressClasses.join(','),
      }),
      labels: compact({
        [ACK_ONE_LABELS.region]: labelValue(gateway.regionId),
      }),
    },
    spec: {
      ...compact({
        type: ACK_ONE_ENTITY_TYPES.gateway,
        owner: opts.defaults.owner,
        system: opts.defaults.system,
      }),
      dependsOn: [
        resourceRef(opts.fleetEntityName),
        ...opts.clusterEntityNames.map(resourceRef),
      ],
    },
  };
}
