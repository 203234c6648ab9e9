import { createHash } from 'node:crypto';

export const RS = 'apps/replicasets';
export const DEPLOY = 'apps/deployments';
export const STS = 'apps/statefulsets';
export const PODS = '/pods';
export const SVC = '/services';
export const NODES = '/nodes';
export const SLICES = 'discovery.k8s.io/endpointslices';

/** The value with object keys sorted and null / empty values dropped. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const c = canonical((v as Record<string, unknown>)[k]);
    if (c === null || c === undefined) continue;
    if (typeof c === 'object' && Object.keys(c as object).length === 0)
      continue;
    out[k] = c;
  }
  return out;
}

/**
 * A 10-character hash in Kubernetes' pod-template-hash alphabet; of the
 * canonical form of the value unless `asIs`.
 */
export function hashOf(v: unknown, asIs = false): string {
  const h = createHash('sha1')
    .update(JSON.stringify(asIs ? v : canonical(v)))
    .digest('hex');
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 10; i++)
    out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

export function ownerRef(o: any) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: o.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerUid(o: any): string | undefined {
  return (o.metadata.ownerReferences ?? []).find((r: any) => r.controller)?.uid;
}

export function isPodReady(p: any): boolean {
  return (p.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
}
