import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type { AuthMetadata } from '@backstage/plugin-kubernetes-node';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_KUBERNETES_AUTH_PROVIDER,
} from '@internal/plugin-ack-one-common';
import type { AckOneClusterRef } from '@internal/plugin-ack-one-node';

/**
 * Key of the ACK One auth strategy in the Kubernetes backend, and the
 * `kubernetes.io/auth-provider` of every cluster this module supplies.
 *
 * The Kubernetes backend rejects strategy keys with dashes (they would be
 * ambiguous in its `Backstage-Kubernetes-Authorization-*` proxy headers),
 * so this is `ackOne`, not the `ack-one` that
 * `ACK_ONE_KUBERNETES_AUTH_PROVIDER` of `@internal/plugin-ack-one-common`
 * writes on catalog entities.
 *
 * @public
 */
export const ACK_ONE_AUTH_STRATEGY = ACK_ONE_KUBERNETES_AUTH_PROVIDER;

/** `authMetadata` key: `cluster` (member cluster) or `fleet`. */
export const ACK_ONE_CLUSTER_KIND = 'ack-one/kind';

export function toAuthMetadata(ref: AckOneClusterRef): AuthMetadata {
  const m: AuthMetadata = {
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: ACK_ONE_AUTH_STRATEGY,
    [ACK_ONE_CLUSTER_KIND]: ref.kind,
    [ACK_ONE_ANNOTATIONS.account]: ref.account,
    [ACK_ONE_ANNOTATIONS.region]: ref.region,
    [ACK_ONE_ANNOTATIONS.clusterId]: ref.clusterId,
  };
  if (ref.clusterType) m[ACK_ONE_ANNOTATIONS.clusterType] = ref.clusterType;
  return m;
}

/** Reads the ref back; the list of problems is empty when it is complete. */
export function fromAuthMetadata(m: AuthMetadata): {
  ref?: AckOneClusterRef;
  problems: string[];
} {
  const problems: string[] = [];
  const kind = m[ACK_ONE_CLUSTER_KIND] ?? 'cluster';
  if (kind !== 'cluster' && kind !== 'fleet') {
    problems.push(`${ACK_ONE_CLUSTER_KIND} must be "cluster" or "fleet"`);
  }
  const need = (key: string) => {
    const v = m[key];
    if (!v) problems.push(`${key} is missing`);
    return v ?? '';
  };
  const account = need(ACK_ONE_ANNOTATIONS.account);
  const region = need(ACK_ONE_ANNOTATIONS.region);
  const clusterId = need(ACK_ONE_ANNOTATIONS.clusterId);
  if (problems.length) return { problems };
  return {
    problems,
    ref: {
      kind: kind as 'cluster' | 'fleet',
      account,
      region,
      clusterId,
      clusterType: m[ACK_ONE_ANNOTATIONS.clusterType] || undefined,
    },
  };
}

/** Two API server URLs name the same server (scheme, host, port, path). */
export function sameServer(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    const path = (u: URL) => u.pathname.replace(/\/+$/, '');
    return ua.origin === ub.origin && path(ua) === path(ub);
  } catch {
    return false;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
