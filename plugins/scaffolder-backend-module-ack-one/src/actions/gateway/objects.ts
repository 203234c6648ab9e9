import {
  CLUSTER_TOPOLOGY_LABEL,
  GATEWAY_ANNOTATIONS,
  KUBERNETES_ID_LABEL,
  MSE_API_GROUP,
  MSE_INGRESS_CONFIG_KIND,
  MSE_INGRESS_CONTROLLER,
  MSE_REMOTE_CLUSTERS_ANNOTATION,
} from '@internal/plugin-ack-one-common';
import type { KubeObject } from '@internal/plugin-ack-one-node';

/** The multi-cluster gateway of a Fleet. */
export interface GatewaySpec {
  /** MseIngressConfig name. */
  name: string;
  /** The MSE gateway instance's name (`spec.name`). */
  instanceName: string;
  ingressClass: string;
  /** The member clusters it serves. */
  clusterIds: string[];
  /** The Fleet vSwitch the gateway runs in. */
  vSwitchId: string;
  /** 2c4g, 4c8g, 8c16g or 16c32g. */
  instanceSpec: string;
  replicas: number;
}

/** How an app's traffic is split between the clusters. */
export type RoutingSpec =
  /** Traffic follows the pod count per cluster. */
  | { mode: 'pod-count' }
  /** The base route pinned to one cluster, `canaryWeight` % to the other. */
  | {
      mode: 'weight';
      baseClusterId: string;
      canaryClusterId: string;
      canaryWeight: number;
    }
  /** Requests with the header (and value) go to the canary cluster. */
  | {
      mode: 'header';
      baseClusterId: string;
      canaryClusterId: string;
      header: string;
      value?: string;
    };

/** An app's route through the gateway. */
export interface AppRouteSpec {
  namespace: string;
  /** Ingress name (its canary is `<name>-canary`). */
  name: string;
  host?: string;
  path: string;
  serviceName: string;
  servicePort: number;
  ingressClass: string;
  /** `backstage.io/kubernetes-id` label of the Fleet namespace. */
  kubernetesId?: string;
  routing: RoutingSpec;
}

/** The MseIngressConfig naming the member clusters, and its IngressClass. */
export function gatewayObjects(spec: GatewaySpec): KubeObject[] {
  return [
    {
      apiVersion: `${MSE_API_GROUP}/v1alpha1`,
      kind: MSE_INGRESS_CONFIG_KIND,
      metadata: {
        name: spec.name,
        annotations: {
          [MSE_REMOTE_CLUSTERS_ANNOTATION]: spec.clusterIds.join(','),
        },
      },
      spec: {
        name: spec.instanceName,
        common: {
          pay: { payType: 'POSTPAY' },
          instance: { spec: spec.instanceSpec, replicas: spec.replicas },
          network: { vSwitches: [spec.vSwitchId] },
        },
        ingress: { local: { ingressClass: spec.ingressClass } },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: spec.ingressClass },
      spec: {
        controller: MSE_INGRESS_CONTROLLER,
        parameters: {
          apiGroup: MSE_API_GROUP,
          kind: MSE_INGRESS_CONFIG_KIND,
          name: spec.name,
        },
      },
    },
  ];
}

function pin(clusterId: string): Record<string, string> {
  return {
    [GATEWAY_ANNOTATIONS.serviceSubset]: clusterId,
    [GATEWAY_ANNOTATIONS.subsetLabels]: `${CLUSTER_TOPOLOGY_LABEL} ${clusterId}`,
  };
}

function ingress(
  spec: AppRouteSpec,
  name: string,
  annotations: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: spec.namespace, annotations },
    spec: {
      ingressClassName: spec.ingressClass,
      rules: [
        {
          ...(spec.host ? { host: spec.host } : {}),
          http: {
            paths: [
              {
                path: spec.path,
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: spec.serviceName,
                    port: { number: spec.servicePort },
                  },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The canary Ingress's annotations of a routing spec (none for pod-count). */
function canaryAnnotations(r: RoutingSpec): Record<string, string> | undefined {
  if (r.mode === 'weight') {
    return {
      ...pin(r.canaryClusterId),
      [GATEWAY_ANNOTATIONS.canary]: 'true',
      [GATEWAY_ANNOTATIONS.canaryWeight]: String(r.canaryWeight),
    };
  }
  if (r.mode === 'header') {
    return {
      ...pin(r.canaryClusterId),
      [GATEWAY_ANNOTATIONS.canary]: 'true',
      [GATEWAY_ANNOTATIONS.canaryByHeader]: r.header,
      ...(r.value
        ? { [GATEWAY_ANNOTATIONS.canaryByHeaderValue]: r.value }
        : {}),
    };
  }
  return undefined;
}

/**
 * The app's namespace in the Fleet (the gateway needs it to match the
 * clusters' namespace) and its Ingresses: the base route, pinned to one
 * cluster unless traffic follows the pod count, and a canary route to the
 * other cluster with the weight or header.
 */
export function appRouteObjects(spec: AppRouteSpec): KubeObject[] {
  const namespace: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: spec.namespace,
      ...(spec.kubernetesId
        ? { labels: { [KUBERNETES_ID_LABEL]: spec.kubernetesId } }
        : {}),
    },
  };
  const r = spec.routing;
  const canary = canaryAnnotations(r);
  return [
    namespace,
    ingress(
      spec,
      spec.name,
      r.mode === 'pod-count' ? {} : pin(r.baseClusterId),
    ),
    ...(canary ? [ingress(spec, `${spec.name}-canary`, canary)] : []),
  ];
}
