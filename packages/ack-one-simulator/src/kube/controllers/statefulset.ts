import type { ControllerContext } from './index';
import { newPod } from './replicaset';
import { hashOf, isPodReady, PODS, STS } from './util';

const SOURCE = { component: 'statefulset-controller' };

/** StatefulSet -> ordinal pods `<name>-<i>`, replaced when the template changes. */
export function reconcileStatefulSet(ctx: ControllerContext, key: string) {
  const [ns, name] = key.split('/');
  const api = ctx.api;
  const sts = api.store.get(STS, ns, name);
  if (!sts) return;
  const desired = sts.spec.replicas ?? 1;
  const revision = `${name}-${hashOf(sts.spec.template, true)}`;
  const podType = api.typeFor('v1', 'Pod');
  const pods = ctx.ownedBy(sts.metadata.uid, PODS);
  for (let i = 0; i < desired; i++) {
    const podName = `${name}-${i}`;
    const p = pods.find(x => x.metadata.name === podName);
    const current = p?.metadata.labels?.['controller-revision-hash'] === revision;
    if (p && !current) api.removeObj('v1', 'Pod', ns, podName);
    if (current) continue;
    try {
      api.create(
        podType,
        ns,
        newPod(ctx, sts, podName, sts.spec.template, {
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(i),
        }),
        { internal: true },
      );
      ctx.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, SOURCE);
    } catch {
      // ignore
    }
  }
  for (const p of pods) {
    const idx = Number(p.metadata.name.slice(name.length + 1));
    if (!(idx < desired) && api.removeObj('v1', 'Pod', ns, p.metadata.name))
      ctx.events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, SOURCE);
  }
  const now = ctx.ownedBy(sts.metadata.uid, PODS);
  const ready = now.filter(isPodReady).length;
  api.setStatus(sts, {
    observedGeneration: sts.metadata.generation,
    replicas: now.length,
    readyReplicas: ready,
    currentReplicas: now.length,
    updatedReplicas: now.length,
    availableReplicas: ready,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  });
}
