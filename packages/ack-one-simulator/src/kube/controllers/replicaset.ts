import { nowRfc3339, randomSuffix } from '../Store';
import type { ControllerContext } from './index';
import { isPodReady, ownerRef, PODS, RS } from './util';

let nodeSeq = 0;

/** A pod of `owner` from its template, bound to one of the cluster's nodes. */
export function newPod(
  ctx: ControllerContext,
  owner: any,
  name: string,
  template: any,
  extraLabels: Record<string, string> = {},
) {
  const nodes = ctx.api.store.list('/nodes').items;
  const node = nodes.length ? nodes[nodeSeq++ % nodes.length] : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      annotations: template.metadata?.annotations,
      ownerReferences: [ownerRef(owner)],
    },
    spec: { ...template.spec, nodeName: node?.metadata.name ?? 'node-1' },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastTransitionTime: nowRfc3339(),
        },
      ],
      qosClass: 'BestEffort',
    },
  };
}

const SOURCE = { component: 'replicaset-controller' };

/** ReplicaSet -> pods: creates or deletes pods to match spec.replicas, reports status. */
export function reconcileReplicaSet(ctx: ControllerContext, key: string) {
  const [ns, name] = key.split('/');
  const api = ctx.api;
  const rs = api.store.get(RS, ns, name);
  if (!rs) return;
  const pods = ctx.ownedBy(rs.metadata.uid, PODS);
  const desired = rs.spec.replicas ?? 1;
  const podType = api.typeFor('v1', 'Pod');
  if (pods.length < desired) {
    for (let i = pods.length; i < desired; i++) {
      let podName = `${name}-${randomSuffix()}`;
      while (api.store.get(PODS, ns, podName))
        podName = `${name}-${randomSuffix()}`;
      try {
        api.create(podType, ns, newPod(ctx, rs, podName, rs.spec.template), {
          internal: true,
        });
        ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, SOURCE);
      } catch {
        // namespace gone
      }
    }
  } else if (pods.length > desired) {
    const victims = [...pods]
      .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))
      .slice(0, pods.length - desired);
    for (const p of victims) {
      if (api.removeObj('v1', 'Pod', ns, p.metadata.name))
        ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
  }
  const now = ctx.ownedBy(rs.metadata.uid, PODS);
  const ready = now.filter(isPodReady).length;
  const status: any = {
    replicas: now.length,
    fullyLabeledReplicas: now.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation,
  };
  if (!now.length) {
    delete status.readyReplicas;
    delete status.availableReplicas;
    delete status.fullyLabeledReplicas;
  }
  api.setStatus(rs, status);
  ctx.markOwner(rs);
}
