import type { Entity } from '@backstage/catalog-model';
import {
  ACK_ONE_NAMESPACE_LABELS,
  DrProblem,
  namespaceClaimsOf,
  namespaceScopeProblem,
  type NamespaceScopeRule,
} from '@internal/plugin-ack-one-common';
import type { WatchedMemberCluster } from './WatchedCluster';

/** Which namespaces of which member cluster a service may read. */
export interface NamespaceScope {
  /** Whether the service may read `namespace` of member `clusterId`. */
  allows(clusterId: string, namespace: string): boolean;
  /** Whether it may read `namespace` in any member (Fleet objects). */
  allowsAnywhere(namespace: string): boolean;
  /** Set when it may read nothing it asks for: show this, and no data. */
  problem?: DrProblem;
}

const EVERYTHING: NamespaceScope = {
  allows: () => true,
  allowsAnywhere: () => true,
};

/**
 * The namespaces a service may read under its account's rule. With
 * `namespace-label`, a namespace counts when its labels in that member
 * cluster name the service or its owner; a service that names a namespace
 * no member lets it read, or that may read no namespace at all, gets a
 * problem naming the rule.
 */
export function namespaceScope(options: {
  rule: NamespaceScopeRule;
  entity: Entity;
  namespace?: string;
  fleet: { name: string; account: string };
  members: Array<{ clusterId: string; watched?: WatchedMemberCluster }>;
}): NamespaceScope {
  if (options.rule === 'annotation') return EVERYTHING;
  const claims = namespaceClaimsOf(options.entity);
  const allowed = new Map<string, Set<string>>();
  for (const m of options.members) {
    const names = new Set(
      m.watched?.namespacesWithLabel(
        ACK_ONE_NAMESPACE_LABELS.entity,
        claims.entityId,
      ) ?? [],
    );
    if (claims.owner)
      for (const ns of m.watched?.namespacesWithLabel(
        ACK_ONE_NAMESPACE_LABELS.owner,
        claims.owner,
      ) ?? [])
        names.add(ns);
    allowed.set(m.clusterId, names);
  }
  const anywhere = new Set([...allowed.values()].flatMap(s => [...s]));
  const wanted = options.namespace;
  const empty = wanted ? !anywhere.has(wanted) : anywhere.size === 0;
  return {
    allows: (clusterId, ns) => allowed.get(clusterId)?.has(ns) ?? false,
    allowsAnywhere: ns => anywhere.has(ns),
    problem: empty
      ? namespaceScopeProblem(claims, {
          namespace: wanted,
          fleet: options.fleet.name,
          account: options.fleet.account,
        })
      : undefined,
  };
}
