/*
 * The demo world's applications in its Fleet: namespaces, Argo CD
 * ApplicationSets and the MSE Ingresses that split their traffic.
 */
import {
  GATEWAY_ANNOTATIONS,
  CLUSTER_TOPOLOGY_LABEL,
} from '@internal/plugin-ack-one-common';

function appSet(
  name: string,
  namespace: string,
  generators: any[],
  params: Array<{ name: string; value: string }>,
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators,
      template: {
        metadata: {
          name: `{{.metadata.annotations.cluster_name}}-${name}`,
          labels: { 'app.kubernetes.io/part-of': name },
        },
        spec: {
          project: 'default',
          source: {
            repoURL:
              'https://github.com/AliyunContainerService/gitops-demo.git',
            targetRevision: 'main',
            path: 'manifests/helm/web-demo',
            helm: { parameters: params, valueFiles: ['values.yaml'] },
          },
          destination: { server: '{{.server}}', namespace },
          syncPolicy: {
            automated: {},
            syncOptions: ['CreateNamespace=true'],
            // The namespace names the service that may claim it, so the
            // portal shows its workloads to that service only.
            managedNamespaceMetadata: {
              labels: { 'backstage.io/kubernetes-id': name },
            },
          },
        },
      },
    },
  };
}

const memberGenerator = (
  matchLabels: Record<string, string> = {},
  values?: Record<string, string>,
) => ({
  clusters: {
    selector: {
      matchLabels: {
        'argocd.argoproj.io/secret-type': 'cluster',
        ...matchLabels,
      },
      matchExpressions: [
        { key: 'name', operator: 'NotIn', values: ['in-cluster'] },
      ],
    },
    ...(values ? { values } : {}),
  },
});

const clusterParams = (
  app: string,
  service: string,
  replicas = '{{.values.replicaCount}}',
) => [
  { name: 'appName', value: app },
  { name: 'service.name', value: service },
  { name: 'replicaCount', value: replicas },
  { name: 'clusterId', value: '{{.metadata.annotations.cluster_id}}' },
  { name: 'envCluster', value: '{{.metadata.annotations.cluster_name}}' },
];

function ingress(
  name: string,
  namespace: string,
  host: string,
  path: string,
  service: string,
  annotations: Record<string, string> = {},
) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, annotations },
    spec: {
      ingressClassName: 'mse',
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path,
                pathType: 'Prefix',
                backend: { service: { name: service, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

function pin(clusterId: string): Record<string, string> {
  return {
    [GATEWAY_ANNOTATIONS.serviceSubset]: clusterId,
    [GATEWAY_ANNOTATIONS.subsetLabels]: `${CLUSTER_TOPOLOGY_LABEL} ${clusterId}`,
  };
}

function canary(clusterId: string, weight: number): Record<string, string> {
  return {
    ...pin(clusterId),
    [GATEWAY_ANNOTATIONS.canary]: 'true',
    [GATEWAY_ANNOTATIONS.canaryWeight]: String(weight),
  };
}

/** The demo services' namespaces, each claimable by the service it names. */
export function demoNamespaces(): any[] {
  return ['web-demo', 'orders', 'payments', 'reports'].map(ns => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns, labels: { 'backstage.io/kubernetes-id': ns } },
  }));
}

/**
 * `web-demo` on both clusters (2 replicas, HPA up to 4), `orders` 3 in the
 * IDC and 1 in ACK, `payments` 2 + 2, `reports` in the IDC only.
 */
export function demoApplicationSets(): any[] {
  const both = (replicas: string) => [
    memberGenerator({}, { replicaCount: replicas }),
  ];
  return [
    appSet('web-demo', 'web-demo', both('2'), [
      ...clusterParams('web-demo', 'service1'),
      // Each side can scale to carry the other's traffic.
      { name: 'autoscaling.enabled', value: 'true' },
      { name: 'autoscaling.maxReplicas', value: '4' },
    ]),
    appSet(
      'orders',
      'orders',
      [
        memberGenerator({ location: 'idc' }, { replicaCount: '3' }),
        memberGenerator({ location: 'cloud' }, { replicaCount: '1' }),
      ],
      clusterParams('orders', 'orders'),
    ),
    appSet(
      'payments',
      'payments',
      both('2'),
      clusterParams('payments', 'payments'),
    ),
    appSet(
      'reports',
      'reports',
      [memberGenerator({ location: 'idc' }, { replicaCount: '2' })],
      clusterParams('reports', 'reports'),
    ),
  ];
}

/**
 * `example.com/svc1` split 50/50 (base pinned to the IDC, canary 50 to ACK),
 * `orders` by pod counts, `payments` all on the IDC (canary 0 to ACK),
 * `reports` by pod counts.
 */
export function demoIngresses(idcId: string, ackId: string): any[] {
  const svc1 = ['example.com', '/svc1', 'service1'] as const;
  const pay = ['payments.example.com', '/', 'payments'] as const;
  return [
    ingress('web-demo', 'web-demo', ...svc1, pin(idcId)),
    ingress('web-demo-canary', 'web-demo', ...svc1, canary(ackId, 50)),
    ingress('orders', 'orders', 'orders.example.com', '/', 'orders'),
    ingress('payments', 'payments', ...pay, pin(idcId)),
    ingress('payments-canary', 'payments', ...pay, canary(ackId, 0)),
    ingress('reports', 'reports', 'reports.example.com', '/', 'reports'),
  ];
}
