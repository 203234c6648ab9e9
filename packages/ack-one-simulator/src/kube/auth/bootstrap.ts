/**
 * The default RBAC policy of an API server, used when a cluster has no
 * stored object of the same name: the user-facing ClusterRoles
 * (`cluster-admin`, `admin`, `edit`, `view`, condensed to the resources the
 * simulator serves) and the discovery / self-review permissions every
 * authenticated user has.
 */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = [
  'create',
  'delete',
  'deletecollection',
  'patch',
  'update',
];

const WORKLOADS: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'pods/status',
      'services',
      'services/status',
      'endpoints',
      'configmaps',
      'serviceaccounts',
      'events',
      'persistentvolumeclaims',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
      'daemonsets',
      'daemonsets/status',
      'controllerrevisions',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['batch'],
    resources: ['jobs', 'jobs/status', 'cronjobs', 'cronjobs/status'],
    verbs: READ,
  },
  {
    apiGroups: ['autoscaling'],
    resources: [
      'horizontalpodautoscalers',
      'horizontalpodautoscalers/status',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'ingresses/status', 'networkpolicies'],
    verbs: READ,
  },
  {
    apiGroups: ['policy'],
    resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
    verbs: READ,
  },
  {
    apiGroups: ['discovery.k8s.io'],
    resources: ['endpointslices'],
    verbs: READ,
  },
  { apiGroups: [''], resources: ['namespaces'], verbs: READ },
];

const VIEW: PolicyRule[] = WORKLOADS;

const EDIT: PolicyRule[] = [
  ...VIEW,
  ...WORKLOADS.filter(r => !r.resources?.includes('namespaces')).map(r => ({
    ...r,
    resources: r.resources?.filter(x => !x.endsWith('/status')),
    verbs: WRITE,
  })),
  { apiGroups: [''], resources: ['secrets'], verbs: [...READ, ...WRITE] },
];

const ADMIN: PolicyRule[] = [
  ...EDIT,
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings'],
    verbs: [...READ, ...WRITE],
  },
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['localsubjectaccessreviews'],
    verbs: ['create'],
  },
];

export const BOOTSTRAP_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
  admin: ADMIN,
  edit: EDIT,
  view: VIEW,
  'system:discovery': [
    {
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
      verbs: ['get'],
    },
  ],
  'system:basic-user': [
    {
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      verbs: ['create'],
    },
    {
      apiGroups: ['authentication.k8s.io'],
      resources: ['selfsubjectreviews'],
      verbs: ['create'],
    },
  ],
};

/** Default ClusterRoleBindings: every authenticated user may discover the API and review itself. */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS = [
  {
    metadata: { name: 'system:discovery' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'system:discovery',
    },
    subjects: [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'system:authenticated',
      },
    ],
  },
  {
    metadata: { name: 'system:basic-user' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'system:basic-user',
    },
    subjects: [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'system:authenticated',
      },
    ],
  },
];
