import { KUBERNETES_ANNOTATIONS, KUBERNETES_ID_LABEL } from './annotations';
import type { DrProblem } from './types';

/**
 * Which cluster namespaces a catalog entity may read through the portal.
 *
 * - `annotation`: whatever its Kubernetes annotations point at (for a
 *   catalog only trusted people can write to);
 * - `namespace-label` (the default): only namespaces that carry a label
 *   naming the entity (`backstage.io/kubernetes-id: <its id>`) or its owner
 *   (`ack-one/owner: <owner name>`), set by whoever runs the cluster.
 *
 * @public
 */
export type NamespaceScopeRule = 'annotation' | 'namespace-label';

/** @public */
export const NAMESPACE_SCOPE_RULES: NamespaceScopeRule[] = [
  'namespace-label',
  'annotation',
];

/**
 * Labels on a cluster namespace that let an entity read it.
 *
 * @public
 */
export const ACK_ONE_NAMESPACE_LABELS = {
  /** The `backstage.io/kubernetes-id` of the entity (its name by default). */
  entity: KUBERNETES_ID_LABEL,
  /** The name of the entity's owner (`spec.owner` without kind and namespace). */
  owner: 'ack-one/owner',
} as const;

/**
 * The part of a catalog entity a namespace label can name it by.
 *
 * @public
 */
export interface NamespaceClaimingEntity {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { owner?: unknown } | Record<string, unknown>;
}

/**
 * What an entity can be named by on a namespace label.
 *
 * @public
 */
export interface NamespaceClaims {
  entityId: string;
  owner?: string;
}

/** @public */
export function namespaceClaimsOf(
  entity: NamespaceClaimingEntity,
): NamespaceClaims {
  const id =
    entity.metadata.annotations?.[KUBERNETES_ANNOTATIONS.id]?.trim() ||
    entity.metadata.name;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  const ownerName =
    typeof owner === 'string' && owner
      ? owner.replace(/^.*[:/]/, '')
      : undefined;
  return { entityId: id, owner: ownerName };
}

/**
 * What to write, when an entity may not read a namespace.
 *
 * @public
 */
export function namespaceScopeProblem(
  claims: NamespaceClaims,
  where: { namespace?: string; fleet: string; account: string },
): DrProblem {
  const labels = [
    `${ACK_ONE_NAMESPACE_LABELS.entity}=${claims.entityId}`,
    ...(claims.owner
      ? [`${ACK_ONE_NAMESPACE_LABELS.owner}=${claims.owner}`]
      : []),
  ].join(' or ');
  const what = where.namespace
    ? `namespace "${where.namespace}"`
    : 'any namespace';
  return {
    severity: 'error',
    annotation: where.namespace ? KUBERNETES_ANNOTATIONS.namespace : undefined,
    message:
      `This service may not read ${what} of the clusters of Fleet ${where.fleet}: ` +
      `account ${where.account} uses the namespace-label rule, so a namespace is shown only ` +
      `when it carries the label ${labels}. Ask the cluster's operators to label it ` +
      `(for Argo CD: syncPolicy.managedNamespaceMetadata.labels).`,
  };
}
