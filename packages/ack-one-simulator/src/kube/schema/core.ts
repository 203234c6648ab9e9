import { objectFields, statusField } from './meta';
import {
  atomicList,
  bool,
  describe,
  int,
  intOrString,
  keyedList,
  mapOf,
  named,
  open,
  str,
  struct,
  time,
} from './types';

const CORE = 'io.k8s.api.core.v1';

const servicePort = named(
  `${CORE}.ServicePort`,
  struct(
    {
      appProtocol: str(),
      name: str('The name of this port within the service.'),
      nodePort: int(),
      port: int('The port that will be exposed by this service.'),
      protocol: str('The IP protocol for this port. Default is TCP.', [
        'SCTP',
        'TCP',
        'UDP',
      ]),
      targetPort: intOrString(
        'Number or name of the port to access on the pods targeted by the service.',
      ),
    },
    {
      description: "ServicePort contains information on service's port.",
      required: ['port'],
    },
  ),
);

const serviceSpec = named(
  `${CORE}.ServiceSpec`,
  struct(
    {
      allocateLoadBalancerNodePorts: bool(),
      clusterIP: str('clusterIP is the IP address of the service.'),
      clusterIPs: atomicList(str()),
      externalIPs: atomicList(str()),
      externalName: str(),
      externalTrafficPolicy: str(),
      healthCheckNodePort: int(),
      internalTrafficPolicy: str(),
      ipFamilies: atomicList(str()),
      ipFamilyPolicy: str(),
      loadBalancerClass: str(),
      loadBalancerIP: str(),
      loadBalancerSourceRanges: atomicList(str()),
      ports: keyedList(servicePort, ['port', 'protocol'], {
        description: 'The list of ports that are exposed by this service.',
        keyDefaults: { protocol: 'TCP' },
        mergeKey: 'port',
      }),
      publishNotReadyAddresses: bool(),
      selector: mapOf(
        str(),
        'Route service traffic to pods with label keys and values matching this selector.',
        true,
      ),
      sessionAffinity: str(),
      sessionAffinityConfig: open(),
      trafficDistribution: str(),
      type: str('type determines how the Service is exposed. Defaults to ClusterIP.', [
        'ClusterIP',
        'ExternalName',
        'LoadBalancer',
        'NodePort',
      ]),
    },
    {
      description:
        'ServiceSpec describes the attributes that a user creates on a service.',
    },
  ),
);

named(
  `${CORE}.Service`,
  struct(
    {
      ...objectFields(),
      spec: describe(serviceSpec, 'Spec defines the behavior of a service.'),
      status: statusField,
    },
    {
      description:
        'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    },
  ),
  [{ group: '', version: 'v1', kind: 'Service' }],
);

named(
  `${CORE}.ConfigMap`,
  struct(
    {
      ...objectFields(),
      binaryData: mapOf(str()),
      data: mapOf(str(), 'Data contains the configuration data.'),
      immutable: bool(),
    },
    { description: 'ConfigMap holds configuration data for pods to consume.' },
  ),
  [{ group: '', version: 'v1', kind: 'ConfigMap' }],
);

named(
  `${CORE}.Secret`,
  struct(
    {
      ...objectFields(),
      data: mapOf(
        str(),
        'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string.',
      ),
      immutable: bool(),
      stringData: mapOf(str(), 'stringData allows specifying non-binary secret data in string form.'),
      type: str('Used to facilitate programmatic handling of secret data.'),
    },
    {
      description:
        'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
    },
  ),
  [{ group: '', version: 'v1', kind: 'Secret' }],
);

named(
  `${CORE}.Namespace`,
  struct(
    {
      ...objectFields(),
      spec: struct(
        { finalizers: atomicList(str()) },
        { description: 'Spec defines the behavior of the Namespace.' },
      ),
      status: statusField,
    },
    { description: 'Namespace provides a scope for Names.' },
  ),
  [{ group: '', version: 'v1', kind: 'Namespace' }],
);

named(
  `${CORE}.Node`,
  struct(
    {
      ...objectFields(),
      spec: open('Spec defines the behavior of a node.'),
      status: statusField,
    },
    {
      description:
        'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
    },
  ),
  [{ group: '', version: 'v1', kind: 'Node' }],
);

named(
  `${CORE}.ServiceAccount`,
  struct(
    {
      ...objectFields(),
      automountServiceAccountToken: bool(),
      imagePullSecrets: atomicList(struct({ name: str() })),
      secrets: keyedList(open(), ['name']),
    },
    {
      description:
        'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
    },
  ),
  [{ group: '', version: 'v1', kind: 'ServiceAccount' }],
);

named(
  `${CORE}.Endpoints`,
  struct(
    { ...objectFields(), subsets: atomicList(open(), 'The set of all endpoints is the union of all subsets.') },
    { description: 'Endpoints is a collection of endpoints that implement the actual service.' },
  ),
  [{ group: '', version: 'v1', kind: 'Endpoints' }],
);

named(
  `${CORE}.Event`,
  struct(
    {
      ...objectFields(),
      action: str('What action was taken/failed regarding to the Regarding object.'),
      count: int('The number of times this event has occurred.'),
      eventTime: time('Time when this Event was first observed.'),
      firstTimestamp: time('The time at which the event was first recorded.'),
      involvedObject: open('The object that this event is about.'),
      lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
      message: str('A human-readable description of the status of this operation.'),
      reason: str("This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      related: open(),
      reportingComponent: str('Name of the controller that emitted this Event.'),
      reportingInstance: str('ID of the controller instance.'),
      series: open(),
      source: open('The component reporting this event.'),
      type: str('Type of this event (Normal, Warning), new types could be added in the future'),
    },
    { description: 'Event is a report of an event somewhere in the cluster.' },
  ),
  [{ group: '', version: 'v1', kind: 'Event' }],
);

named(
  'io.k8s.api.networking.v1.Ingress',
  struct(
    {
      ...objectFields(),
      spec: struct(
        {
          defaultBackend: open(),
          ingressClassName: str(
            'ingressClassName is the name of an IngressClass cluster resource.',
          ),
          rules: atomicList(open(), 'rules is a list of host rules used to configure the Ingress.'),
          tls: atomicList(open(), 'tls represents the TLS configuration.'),
        },
        { description: 'spec is the desired state of the Ingress.' },
      ),
      status: statusField,
    },
    {
      description:
        'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.',
    },
  ),
  [{ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' }],
);

named(
  'io.k8s.api.networking.v1.IngressClass',
  struct(
    {
      ...objectFields(),
      spec: struct(
        {
          controller: str('controller refers to the name of the controller that should handle this class.'),
          parameters: open(),
        },
        { description: 'spec is the desired state of the IngressClass.' },
      ),
    },
    {
      description:
        'IngressClass represents the class of the Ingress, referenced by the Ingress Spec.',
    },
  ),
  [{ group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass' }],
);

named(
  'io.k8s.api.discovery.v1.EndpointSlice',
  struct(
    {
      ...objectFields(),
      addressType: str(),
      endpoints: atomicList(open()),
      ports: atomicList(open()),
    },
    {
      description:
        'EndpointSlice represents a subset of the endpoints that implement a service.',
    },
  ),
  [{ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }],
);

const RBAC = 'io.k8s.api.rbac.v1';
const policyRule = named(
  `${RBAC}.PolicyRule`,
  struct(
    {
      apiGroups: atomicList(str(), 'APIGroups is the name of the APIGroup that contains the resources.'),
      nonResourceURLs: atomicList(str(), 'NonResourceURLs is a set of partial urls that a user should have access to.'),
      resourceNames: atomicList(str(), 'ResourceNames is an optional white list of names that the rule applies to.'),
      resources: atomicList(str(), 'Resources is a list of resources this rule applies to.'),
      verbs: atomicList(str(), 'Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule.'),
    },
    {
      description:
        'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
      required: ['verbs'],
    },
  ),
);
const rules = atomicList(policyRule, 'Rules holds all the PolicyRules for this Role');
const roleRef = struct(
  {
    apiGroup: str('APIGroup is the group for the resource being referenced'),
    kind: str('Kind is the type of resource being referenced'),
    name: str('Name is the name of resource being referenced'),
  },
  {
    description: 'RoleRef can only reference a ClusterRole in the global namespace.',
    required: ['apiGroup', 'kind', 'name'],
    atomic: true,
  },
);
const subjects = atomicList(
  struct(
    {
      apiGroup: str(),
      kind: str('Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount".'),
      name: str('Name of the object being referenced.'),
      namespace: str(),
    },
    { atomic: true },
  ),
  'Subjects holds references to the objects the role applies to.',
);

named(`${RBAC}.Role`, struct({ ...objectFields(), rules }, {
  description: 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
}), [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }]);
named(`${RBAC}.ClusterRole`, struct({ ...objectFields(), rules, aggregationRule: open() }, {
  description: 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
}), [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' }]);
named(`${RBAC}.RoleBinding`, struct({ ...objectFields(), roleRef, subjects }, {
  description: 'RoleBinding references a role, but does not contain it.',
  required: ['roleRef'],
}), [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding' }]);
named(`${RBAC}.ClusterRoleBinding`, struct({ ...objectFields(), roleRef, subjects }, {
  description: 'ClusterRoleBinding references a ClusterRole, but not contain it.',
  required: ['roleRef'],
}), [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding' }]);

named(
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  struct(
    {
      ...objectFields(),
      spec: open('spec describes how the user wants the resources to appear'),
      status: statusField,
    },
    {
      description:
        'CustomResourceDefinition represents a resource that should be exposed on the API server.',
    },
  ),
  [{ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }],
);

const resourceAttributes = struct({
  group: str(), name: str(), namespace: str(), resource: str(),
  subresource: str(), verb: str(), version: str(),
  fieldSelector: open(), labelSelector: open(),
});
named(
  'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
  struct(
    {
      ...objectFields(),
      spec: struct(
        {
          nonResourceAttributes: struct({ path: str(), verb: str() }),
          resourceAttributes,
        },
        { description: 'Spec holds information about the request being evaluated.' },
      ),
      status: statusField,
    },
    {
      description:
        'SelfSubjectAccessReview checks whether or the current user can perform an action.',
    },
  ),
  [{ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' }],
);
named(
  'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
  struct(
    {
      ...objectFields(),
      spec: struct({ namespace: str('Namespace to evaluate rules for.') }),
      status: statusField,
    },
    {
      description:
        'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
    },
  ),
  [{ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview' }],
);
named(
  'io.k8s.api.authentication.v1.SelfSubjectReview',
  struct(
    { ...objectFields(), status: statusField },
    {
      description:
        'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
    },
  ),
  [{ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' }],
);

