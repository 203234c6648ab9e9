/**
 * The resource types every simulated API server serves. Built-in types are
 * listed with the group/version a 1.31 API server prefers; the ACK One CRDs
 * (MseIngressConfig, AlbConfig) and the Argo CD ones (Application,
 * ApplicationSet) are stored generically like any custom resource.
 */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** subresources served: 'status' and/or 'scale' */
  subresources?: Array<'status' | 'scale'>;
  /** increments metadata.generation when spec changes */
  hasGeneration?: boolean;
  /** verbs served (default: the CRUD verbs, list and watch) */
  verbs?: string[];
  /** not stored: a request/response type such as SelfSubjectAccessReview */
  virtual?: boolean;
}

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const BUILTIN_RESOURCES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasGeneration: true,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasGeneration: true,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasGeneration: true,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    singular: 'clusterrole',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    singular: 'role',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    singular: 'rolebinding',
    namespaced: true,
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    plural: 'jobs',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'mse.alibabacloud.com',
    version: 'v1alpha1',
    kind: 'MseIngressConfig',
    plural: 'mseingressconfigs',
    singular: 'mseingressconfig',
    namespaced: false,
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'alibabacloud.com',
    version: 'v1',
    kind: 'AlbConfig',
    plural: 'albconfigs',
    singular: 'albconfig',
    namespaced: false,
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'ApplicationSet',
    plural: 'applicationsets',
    singular: 'applicationset',
    namespaced: true,
    shortNames: ['appset', 'appsets'],
    subresources: ['status'],
    hasGeneration: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Application',
    plural: 'applications',
    singular: 'application',
    namespaced: true,
    shortNames: ['app', 'apps'],
    categories: ['argoproj'],
    hasGeneration: true,
  },
  ...reviewType(
    'authorization.k8s.io',
    'SelfSubjectAccessReview',
    'selfsubjectaccessreviews',
  ),
  ...reviewType(
    'authorization.k8s.io',
    'SelfSubjectRulesReview',
    'selfsubjectrulesreviews',
  ),
  ...reviewType(
    'authentication.k8s.io',
    'SelfSubjectReview',
    'selfsubjectreviews',
  ),
];

/** A create-only review type: answered, never stored. */
function reviewType(group: string, kind: string, plural: string) {
  return [
    {
      group,
      version: 'v1',
      kind,
      plural,
      singular: '',
      namespaced: false,
      verbs: ['create'],
      virtual: true,
    },
  ];
}

export const CRD_TYPES = BUILTIN_RESOURCES.filter(r =>
  ['mse.alibabacloud.com', 'alibabacloud.com', 'argoproj.io'].includes(r.group),
);

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Key used to index a resource type: `<group>/<plural>` (group may be empty). */
export function typeKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export class ResourceRegistry {
  private readonly byKey = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();

  constructor(types: ResourceType[] = BUILTIN_RESOURCES) {
    for (const t of types) this.add(t);
  }

  add(t: ResourceType) {
    this.byKey.set(`${t.group}/${t.version}/${t.plural}`, t);
    this.byKind.set(`${apiVersionOf(t)}/${t.kind}`, t);
  }

  remove(group: string, version: string, plural: string) {
    const t = this.byKey.get(`${group}/${version}/${plural}`);
    if (t) {
      this.byKey.delete(`${group}/${version}/${plural}`);
      this.byKind.delete(`${apiVersionOf(t)}/${t.kind}`);
    }
  }

  get(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.byKey.get(`${group}/${version}/${plural}`);
  }

  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  all(): ResourceType[] {
    return [...this.byKey.values()];
  }

  /** group -> versions, in registration order */
  groups(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const t of this.byKey.values()) {
      const vs = m.get(t.group) ?? [];
      if (!vs.includes(t.version)) vs.push(t.version);
      m.set(t.group, vs);
    }
    return m;
  }

  /** APIResourceList for one group/version, including subresources. */
  resourceList(group: string, version: string) {
    const resources: any[] = [];
    for (const t of this.byKey.values()) {
      if (t.group !== group || t.version !== version) continue;
      resources.push({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.verbs ?? VERBS,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        ...(t.categories ? { categories: t.categories } : {}),
        storageVersionHash: Buffer.from(`${group}/${version}/${t.plural}`)
          .toString('base64')
          .slice(0, 11),
      });
      for (const sub of t.subresources ?? []) {
        resources.push({
          name: `${t.plural}/${sub}`,
          singularName: '',
          namespaced: t.namespaced,
          ...(sub === 'scale'
            ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
            : { kind: t.kind }),
          verbs: ['get', 'patch', 'update'],
        });
      }
    }
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources,
    };
  }
}
