import type {
  DrHpaSummary,
  DrWorkloadInput,
  IngressClassLike,
  IngressLike,
} from '@internal/plugin-ack-one-common';
import type { ResourceKind } from './Reflector';

/**
 * What the cache keeps of a Deployment or StatefulSet: the counts and
 * images the DR status shows (defined once, in the common package), and
 * its labels for the selector.
 */
export type WorkloadSummary = Omit<DrWorkloadInput, 'clusterId' | 'hpa'> & {
  labels: Record<string, string>;
};

/** What the cache keeps of a Namespace. */
export interface NamespaceSummary {
  name: string;
  labels: Record<string, string>;
}

/** What the cache keeps of a HorizontalPodAutoscaler: the DR status's summary and its target. */
export interface HpaSummary extends DrHpaSummary {
  namespace: string;
  targetKind?: string;
  targetName?: string;
}

/** What the cache keeps of an Argo CD Application in a Fleet. */
export interface ApplicationSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  destinationNamespace?: string;
  syncStatus?: string;
  healthStatus?: string;
}

const num = (v: unknown) => (typeof v === 'number' && isFinite(v) ? v : 0);

function workload(kind: WorkloadSummary['kind']) {
  return (obj: any): WorkloadSummary => {
    const status = obj.status ?? {};
    const containers: any[] = obj.spec?.template?.spec?.containers ?? [];
    const ready = num(status.readyReplicas);
    return {
      kind,
      namespace: obj.metadata?.namespace ?? '',
      name: obj.metadata?.name ?? '',
      labels: { ...(obj.metadata?.labels ?? {}) },
      desired: obj.spec?.replicas === undefined ? 1 : num(obj.spec.replicas),
      ready,
      // StatefulSets report availableReplicas only on newer servers.
      available:
        status.availableReplicas === undefined && kind === 'StatefulSet'
          ? ready
          : num(status.availableReplicas),
      updated: num(status.updatedReplicas),
      images: containers.map(c => String(c?.image ?? '')),
    };
  };
}

export const DEPLOYMENTS: ResourceKind<WorkloadSummary> = {
  name: 'deployments',
  path: '/apis/apps/v1/deployments',
  summarize: workload('Deployment'),
};

export const STATEFULSETS: ResourceKind<WorkloadSummary> = {
  name: 'statefulsets',
  path: '/apis/apps/v1/statefulsets',
  summarize: workload('StatefulSet'),
};

export const HPAS: ResourceKind<HpaSummary> = {
  name: 'horizontalpodautoscalers',
  path: '/apis/autoscaling/v2/horizontalpodautoscalers',
  summarize: (obj: any): HpaSummary => ({
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    targetKind: obj.spec?.scaleTargetRef?.kind,
    targetName: obj.spec?.scaleTargetRef?.name,
    minReplicas:
      obj.spec?.minReplicas === undefined ? 1 : num(obj.spec.minReplicas),
    maxReplicas: num(obj.spec?.maxReplicas),
    currentReplicas: obj.status?.currentReplicas,
    desiredReplicas: obj.status?.desiredReplicas,
  }),
};

export const INGRESSES: ResourceKind<IngressLike> = {
  name: 'ingresses',
  path: '/apis/networking.k8s.io/v1/ingresses',
  summarize: (obj: any): IngressLike => ({
    metadata: {
      name: obj.metadata?.name,
      namespace: obj.metadata?.namespace,
      labels: obj.metadata?.labels,
      annotations: obj.metadata?.annotations,
    },
    spec: obj.spec,
  }),
};

export const INGRESS_CLASSES: ResourceKind<IngressClassLike> = {
  name: 'ingressclasses',
  path: '/apis/networking.k8s.io/v1/ingressclasses',
  summarize: (obj: any): IngressClassLike => ({
    metadata: {
      name: obj.metadata?.name,
      annotations: obj.metadata?.annotations,
    },
    spec: obj.spec,
  }),
};

export const NAMESPACES: ResourceKind<NamespaceSummary> = {
  name: 'namespaces',
  path: '/api/v1/namespaces',
  summarize: (obj: any): NamespaceSummary => ({
    name: obj.metadata?.name ?? '',
    labels: { ...(obj.metadata?.labels ?? {}) },
  }),
};

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Argo CD Applications (the Fleet's GitOps), where the Fleet has Argo CD. */
export const APPLICATIONS: ResourceKind<ApplicationSummary> = {
  name: 'applications',
  path: '/apis/argoproj.io/v1alpha1/applications',
  summarize: (obj: any): ApplicationSummary => ({
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    labels: { ...(obj.metadata?.labels ?? {}) },
    destinationNamespace: str(obj.spec?.destination?.namespace),
    syncStatus: str(obj.status?.sync?.status),
    healthStatus: str(obj.status?.health?.status),
  }),
};
