import { ackOneEntityName } from '../catalog';

/**
 * Where the DR status points users: catalog pages in the portal, and the
 * documentation of what to change.
 */

/** The catalog entity of a cluster or Fleet the ACK One provider emits. */
export function ackOneEntityRef(name: string, id: string): string | undefined {
  const entityName = ackOneEntityName(name, id);
  return entityName ? `resource:default/${entityName}` : undefined;
}

/** The portal path of an entity's page: `kind:namespace/name` → `/catalog/namespace/kind/name`. */
export function entityPagePath(entityRef: string): string | undefined {
  const m = /^([^:/]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!m) return undefined;
  const [, kind, namespace, name] = m;
  const lower = (s: string) => s.toLocaleLowerCase('en-US');
  return `/catalog/${encodeURIComponent(
    lower(namespace ?? 'default'),
  )}/${encodeURIComponent(lower(kind))}/${encodeURIComponent(name)}`;
}

/** The Kubernetes tab of a service's page (pods, events, replica sets). */
export function kubernetesTabPath(entityRef: string): string | undefined {
  const page = entityPagePath(entityRef);
  return page && `${page}/kubernetes`;
}

/** Alibaba Cloud documentation the warnings point to. */
export const DR_DOCS = {
  mseAnnotations:
    'https://www.alibabacloud.com/help/en/mse/user-guide/annotations-supported-by-mse-ingress-gateways',
  zoneDisasterRecovery:
    'https://www.alibabacloud.com/help/en/ack/distributed-cloud-container-platform-for-kubernetes/use-cases/zone-disaster-recovery-based-on-multi-cluster-gateway',
} as const;
