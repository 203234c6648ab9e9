import { nowRfc3339 } from '../Store';
import type { ControllerContext } from './index';
import { canonical, DEPLOY, hashOf, ownerRef, RS } from './util';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';
const HASH_LABEL = 'pod-template-hash';
const MANAGER = 'kube-controller-manager';
const SOURCE = { component: 'deployment-controller' };

/** Annotations of a Deployment that its ReplicaSets do not inherit. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED,
  MAX,
  'deprecated.deployment.rollback.to',
]);

export function revisionOf(o: any): number {
  return Number(o?.metadata?.annotations?.[REVISION] ?? 0) || 0;
}

function withoutHash(template: any) {
  const labels = { ...(template?.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  return { ...template, metadata: { ...(template?.metadata ?? {}), labels } };
}

/** Same pod template, ignoring the pod-template-hash label, nulls and empty values. */
function sameTemplate(a: any, b: any) {
  return (
    JSON.stringify(canonical(withoutHash(a))) ===
    JSON.stringify(canonical(withoutHash(b)))
  );
}

function inheritedAnnotations(d: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
    if (!NOT_COPIED.has(k)) out[k] = v as string;
  return out;
}

/**
 * Deployment -> ReplicaSets, as the deployment controller does it: the
 * ReplicaSet of the current pod template is the new one (created, or an
 * old one reused on rollback), numbered one above the highest old
 * revision (a reused one keeps its former numbers in
 * `deployment.kubernetes.io/revision-history`); the Deployment carries the
 * same revision; old ReplicaSets are scaled to zero and kept up to
 * `revisionHistoryLimit`; `ScalingReplicaSet` events record the scaling.
 */
export function reconcileDeployment(ctx: ControllerContext, key: string) {
  const [ns, name] = key.split('/');
  const d = ctx.api.store.get(DEPLOY, ns, name);
  if (!d) return;
  const owned = ctx.ownedBy(d.metadata.uid, RS);
  let current = owned.find(r => sameTemplate(r.spec?.template, d.spec.template));
  const old = owned.filter(r => r !== current);
  const maxOld = Math.max(0, ...old.map(revisionOf));
  if (!current && !d.spec.paused) current = createReplicaSet(ctx, d, maxOld + 1);
  else if (current) current = syncRevision(ctx, d, current, maxOld);
  if (current) setDeploymentRevision(ctx, d, current);
  scale(ctx, d, current, old);
  cleanup(ctx, d, current);
  updateDeploymentStatus(ctx, d, current?.metadata.name);
}

function rsType(ctx: ControllerContext) {
  return ctx.api.typeFor('apps/v1', 'ReplicaSet');
}

function createReplicaSet(ctx: ControllerContext, d: any, revision: number) {
  const template = d.spec.template;
  const hash = hashOf(withoutHash(template));
  const replicas = d.spec.replicas ?? 1;
  const labels = { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash };
  const rs = ctx.api.create(
    rsType(ctx),
    d.metadata.namespace,
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        annotations: {
          ...inheritedAnnotations(d),
          [DESIRED]: String(replicas),
          [MAX]: String(replicas),
          [REVISION]: String(revision),
        },
        ownerReferences: [ownerRef(d)],
      },
      spec: {
        replicas,
        ...(d.spec.minReadySeconds !== undefined
          ? { minReadySeconds: d.spec.minReadySeconds }
          : {}),
        selector: {
          ...d.spec.selector,
          matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [HASH_LABEL]: hash },
        },
        template: {
          ...template,
          metadata: { ...(template.metadata ?? {}), labels },
        },
      },
    },
    { internal: true, manager: MANAGER },
  );
  if (replicas > 0) {
    ctx.events.record(d, 'Normal', 'ScalingReplicaSet',
      `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`, SOURCE);
  }
  return rs;
}

/** The new ReplicaSet gets the highest revision; a reused one keeps its history. */
function syncRevision(ctx: ControllerContext, d: any, rs: any, maxOld: number) {
  const annotations: Record<string, string> = {
    ...(rs.metadata.annotations ?? {}),
    ...inheritedAnnotations(d),
  };
  const own = revisionOf(rs);
  if (own <= maxOld) {
    annotations[REVISION] = String(maxOld + 1);
    if (rs.metadata.annotations?.[REVISION]) {
      const history = rs.metadata.annotations?.[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? `${history},${own}` : String(own);
    }
  }
  if (JSON.stringify(annotations) === JSON.stringify(rs.metadata.annotations ?? {}))
    return rs;
  return ctx.api.update(
    rsType(ctx),
    { ...rs, metadata: { ...rs.metadata, annotations, resourceVersion: undefined } },
    { internal: true, manager: MANAGER },
  );
}

function setDeploymentRevision(ctx: ControllerContext, d: any, rs: any) {
  const revision = rs.metadata.annotations?.[REVISION];
  const cur = ctx.api.store.get(DEPLOY, d.metadata.namespace, d.metadata.name);
  if (!cur || !revision || cur.metadata.annotations?.[REVISION] === revision) return;
  ctx.api.update(
    ctx.api.typeFor('apps/v1', 'Deployment'),
    {
      ...cur,
      metadata: {
        ...cur.metadata,
        annotations: { ...(cur.metadata.annotations ?? {}), [REVISION]: revision },
        resourceVersion: undefined,
      },
    },
    { internal: true, manager: MANAGER },
  );
}

function scaleTo(ctx: ControllerContext, d: any, rs: any, replicas: number) {
  const from = rs.spec.replicas ?? 0;
  if (from === replicas) return rs;
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  if (replicas > 0) annotations[DESIRED] = String(replicas);
  const updated = ctx.api.update(
    rsType(ctx),
    {
      ...rs,
      metadata: { ...rs.metadata, annotations, resourceVersion: undefined },
      spec: { ...rs.spec, replicas },
    },
    { internal: true, manager: MANAGER },
  );
  ctx.events.record(d, 'Normal', 'ScalingReplicaSet',
    `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
    SOURCE);
  return updated;
}

function scale(ctx: ControllerContext, d: any, current: any, old: any[]) {
  if (d.spec.paused) return;
  if (current) scaleTo(ctx, d, current, d.spec.replicas ?? 1);
  for (const r of old) scaleTo(ctx, d, r, 0);
}

/** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
function cleanup(ctx: ControllerContext, d: any, current: any) {
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const old = ctx
    .ownedBy(d.metadata.uid, RS)
    .filter(
      r =>
        r.metadata.uid !== current?.metadata.uid &&
        r.spec.replicas === 0 &&
        (r.status?.replicas ?? 0) === 0,
    )
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  while (old.length > limit) {
    const r = old.shift()!;
    ctx.api.removeObj('apps/v1', 'ReplicaSet', d.metadata.namespace, r.metadata.name);
  }
}

function updateDeploymentStatus(ctx: ControllerContext, d: any, currentRs?: string) {
  const owned = ctx.ownedBy(d.metadata.uid, RS);
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const r of owned) {
    replicas += r.status?.replicas ?? 0;
    ready += r.status?.readyReplicas ?? 0;
    available += r.status?.availableReplicas ?? 0;
    if (r.metadata.name === currentRs) updated = r.status?.replicas ?? 0;
  }
  const desired = d.spec.replicas ?? 1;
  const complete =
    updated === desired && replicas === desired && available === desired;
  const status: any = {
    observedGeneration: d.metadata.generation,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    ...(replicas - available > 0
      ? { unavailableReplicas: replicas - available }
      : {}),
    conditions: conditions(d, available >= desired, complete, currentRs ?? ''),
  };
  if (!replicas) {
    delete status.readyReplicas;
    delete status.availableReplicas;
  }
  ctx.api.setStatus(d, status);
}

function conditions(d: any, available: boolean, complete: boolean, rs: string) {
  const prev = d.status ?? {};
  const now = nowRfc3339();
  const cond = (type: string, status: string, reason: string, message: string) => {
    const old = (prev.conditions ?? []).find((c: any) => c.type === type);
    const same = old && old.status === status && old.reason === reason;
    return {
      type,
      status,
      lastUpdateTime: same ? old.lastUpdateTime : now,
      lastTransitionTime:
        old && old.status === status ? old.lastTransitionTime : now,
      reason,
      message,
    };
  };
  return [
    available
      ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
      : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
    complete
      ? cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`)
      : cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rs}" is progressing.`),
  ];
}
