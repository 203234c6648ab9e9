import { errors } from './status';
import type { ResourceType } from './resources';

/** The autoscaling/v1 Scale of an object with a scale subresource. */
export function scaleOf(t: ResourceType, obj: any) {
  if (!t.subresources?.includes('scale')) throw errors.pathNotFound();
  const sel = obj.spec?.selector?.matchLabels ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(sel)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

/** Validates a Scale written for `existing`; returns its replicas. */
export function checkScale(t: ResourceType, existing: any, scale: any): number {
  const replicas = scale?.spec?.replicas;
  if (
    typeof replicas !== 'number' ||
    replicas < 0 ||
    !Number.isInteger(replicas)
  ) {
    throw errors.invalid(
      'Scale',
      existing.metadata.name,
      'spec.replicas: Invalid value: must be greater than or equal to 0',
    );
  }
  if (
    scale.metadata?.resourceVersion &&
    scale.metadata.resourceVersion !== existing.metadata.resourceVersion
  ) {
    throw errors.conflict(t.group, t.plural, existing.metadata.name);
  }
  return replicas;
}

/** The resource types a CustomResourceDefinition serves. */
export function crdTypes(crd: any): ResourceType[] {
  const s = crd.spec;
  return (s.versions ?? [])
    .filter((v: any) => v.served !== false)
    .map((v: any) => ({
      group: s.group,
      version: v.name,
      kind: s.names.kind,
      plural: s.names.plural,
      singular: s.names.singular ?? s.names.kind.toLowerCase(),
      namespaced: s.scope !== 'Cluster',
      shortNames: s.names.shortNames,
      subresources: [
        ...(v.subresources?.status ? (['status'] as const) : []),
        ...(v.subresources?.scale ? (['scale'] as const) : []),
      ],
      hasGeneration: true,
    }));
}
