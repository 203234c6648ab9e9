import {
  ACK_ONE_SERVICE_ANNOTATIONS,
  KUBERNETES_ID_LABEL,
  parseClusterRoles,
  parseDuration,
  parseMinStandbyCapacity,
} from '@internal/plugin-ack-one-common';
import {
  APPLICATION_SET_ANNOTATIONS as A,
  FLEET_ARGOCD_NAMESPACE,
  KubeObject,
} from '@internal/plugin-ack-one-node';

/** Label on the generated Applications: the app they belong to. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** Label on the generated Applications: the member cluster they deploy to. */
export const CLUSTER_ID_LABEL = 'ack-one/cluster-id';

/** A member cluster the app is deployed to. */
export interface AppCluster {
  clusterId: string;
  /** The cluster's name in the Fleet (its Argo CD cluster name). */
  clusterName: string;
  replicas?: number;
}

/** The Backstage owner and DR policy carried by the ApplicationSet. */
export interface AppCatalogInfo {
  owner: string;
  system?: string;
  lifecycle?: string;
  description?: string;
  clusterRoles?: string;
  minStandbyCapacity?: number | string;
  rto?: string;
}

export interface AppSetSpec {
  name: string;
  namespace: string;
  clusters: AppCluster[];
  repoURL: string;
  path: string;
  targetRevision: string;
  helm?: {
    parameters?: Record<string, string>;
    valueFiles?: string[];
    values?: string;
  };
  serviceName?: string;
  /** Helm parameter that receives the cluster id (the chart labels pods with it). */
  clusterIdParameter: string;
  catalog: AppCatalogInfo;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Checks what the Fleet needs nothing to judge: names, the DR policy (as the
 * DR tab will read it), replicas per cluster. Throws one error listing
 * every problem.
 */
export function checkAppSpec(spec: AppSetSpec): void {
  const problems: string[] = [];
  if (!DNS_LABEL.test(spec.name)) {
    problems.push(
      `name "${spec.name}" is not a DNS label (lower-case letters, digits, hyphens)`,
    );
  }
  if (!DNS_LABEL.test(spec.namespace)) {
    problems.push(
      `namespace "${spec.namespace}" is not a Kubernetes namespace name`,
    );
  }
  if (!spec.clusters.length) problems.push('no cluster to deploy to');
  const c = spec.catalog;
  const check = (annotation: string, fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      problems.push(`${annotation} ${(e as Error).message}`);
    }
  };
  if (c.clusterRoles) {
    check(ACK_ONE_SERVICE_ANNOTATIONS.clusterRoles, () => {
      const { roles } = parseClusterRoles(c.clusterRoles!);
      const known = spec.clusters.flatMap(x => [x.clusterId, x.clusterName]);
      const unknown = Object.keys(roles).filter(r => !known.includes(r));
      if (unknown.length) {
        throw new Error(
          `names ${unknown.join(
            ', ',
          )}, not among the clusters deployed to (${spec.clusters
            .map(x => x.clusterName)
            .join(', ')})`,
        );
      }
    });
  }
  if (c.minStandbyCapacity !== undefined) {
    check(ACK_ONE_SERVICE_ANNOTATIONS.minStandbyCapacity, () =>
      parseMinStandbyCapacity(String(c.minStandbyCapacity)),
    );
  }
  if (c.rto && !(parseDuration(c.rto)! > 0)) {
    problems.push(
      `${ACK_ONE_SERVICE_ANNOTATIONS.rto} "${c.rto}" is not a duration such as 5m`,
    );
  }
  if (!c.owner.trim()) problems.push('owner is empty');
  if (problems.length) throw new Error(problems.join('; '));
}

function annotationsOf(spec: AppSetSpec): Record<string, string> {
  const c = spec.catalog;
  const out: Record<string, string | undefined> = {
    [A.owner]: c.owner,
    [A.system]: c.system,
    [A.lifecycle]: c.lifecycle,
    [A.description]: c.description,
    [A.kubernetesId]: spec.name,
    [A.kubernetesNamespace]: spec.namespace,
    [A.clusterRoles]: c.clusterRoles ?? 'active-active',
    [A.minStandbyCapacity]:
      c.minStandbyCapacity === undefined
        ? undefined
        : String(c.minStandbyCapacity),
    [A.rto]: c.rto,
  };
  return Object.fromEntries(
    Object.entries(out).filter((e): e is [string, string] => !!e[1]),
  );
}

function parametersOf(spec: AppSetSpec, perClusterReplicas: boolean) {
  const params: Record<string, string> = { ...(spec.helm?.parameters ?? {}) };
  params[spec.clusterIdParameter] = '{{.clusterId}}';
  params.envCluster ??= '{{.clusterName}}';
  if (spec.serviceName) params['service.name'] = spec.serviceName;
  if (perClusterReplicas) params.replicaCount = '{{.replicaCount}}';
  return Object.entries(params).map(([name, value]) => ({ name, value }));
}

/**
 * The ApplicationSet that deploys the app to the chosen clusters of a Fleet:
 * one Application per cluster (list generator, destination by cluster
 * name), the same namespace and Service everywhere, the namespace labelled
 * for the service, and the Backstage owner and DR policy as annotations.
 */
export function applicationSetOf(spec: AppSetSpec): KubeObject {
  const perClusterReplicas = spec.clusters.some(c => c.replicas !== undefined);
  const fallback = spec.helm?.parameters?.replicaCount ?? '1';
  const elements = spec.clusters.map(c => ({
    clusterId: c.clusterId,
    clusterName: c.clusterName,
    ...(perClusterReplicas
      ? { replicaCount: String(c.replicas ?? fallback) }
      : {}),
  }));
  const helm = spec.helm ?? {};
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: spec.name,
      namespace: FLEET_ARGOCD_NAMESPACE,
      labels: { [KUBERNETES_ID_LABEL]: spec.name },
      annotations: annotationsOf(spec),
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements } }],
      template: {
        metadata: {
          name: `{{.clusterName}}-${spec.name}`,
          labels: {
            [PART_OF_LABEL]: spec.name,
            [CLUSTER_ID_LABEL]: '{{.clusterId}}',
          },
        },
        spec: {
          project: 'default',
          source: {
            repoURL: spec.repoURL,
            targetRevision: spec.targetRevision,
            path: spec.path,
            helm: {
              parameters: parametersOf(spec, perClusterReplicas),
              ...(helm.valueFiles?.length
                ? { valueFiles: helm.valueFiles }
                : {}),
              ...(helm.values ? { values: helm.values } : {}),
            },
          },
          destination: { name: '{{.clusterName}}', namespace: spec.namespace },
          syncPolicy: {
            automated: {},
            syncOptions: ['CreateNamespace=true'],
            // the portal shows a service only the namespaces labelled for it
            managedNamespaceMetadata: {
              labels: { [KUBERNETES_ID_LABEL]: spec.name },
            },
          },
        },
      },
    },
  };
}
