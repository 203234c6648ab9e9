import {
  maxReplicasOf,
  maxShares,
  requiredReplicas,
  roundTrafficSplit,
  type DrStatus,
  type FailoverStep,
} from '@internal/plugin-ack-one-common';
import { statusOf } from '../cache/requests';
import type { KubeJson } from './kubeClient';

/** One workload the warm-up scales in one cluster. */
export interface WarmUpItem {
  clusterId: string;
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  /** Replicas to reach before traffic moves. */
  target: number;
  hpaName?: string;
}

/** A scaled workload as it was before the warm-up (what a rollback restores). */
export interface WarmUpRecord extends WarmUpItem {
  replicas: number;
  hpa?: { name: string; minReplicas: number; maxReplicas: number };
}

/**
 * The workloads to scale before a plan moves traffic: in every cluster the
 * plan gives a share `s`, each workload of the service is scaled to
 * `ceil(load × s/100 × minStandbyCapacity/100)` replicas, `load` being the
 * workload's desired replicas in the clusters serving now, and never beyond
 * what it can reach (HPA maximum, else its desired count).
 */
export function warmUpTargets(
  status: DrStatus,
  steps: FailoverStep[],
): WarmUpItem[] {
  const shares = maxShares(steps);
  const current = roundTrafficSplit(status.gateway.routes[0]?.effective ?? {});
  const msc = status.policy?.minStandbyCapacity ?? 100;
  const out: WarmUpItem[] = [];
  for (const w of status.workloads) {
    const serving = w.clusters.filter(c => (current[c.clusterId] ?? 0) > 0);
    const load = (serving.length ? serving : w.clusters).reduce(
      (a, c) => a + c.desired,
      0,
    );
    for (const c of w.clusters) {
      const share = shares[c.clusterId] ?? 0;
      if (share <= 0) continue;
      const need = requiredReplicas(load, share, msc);
      const target = Math.min(maxReplicasOf(c), Math.max(c.desired, need));
      if (target <= c.desired && (!c.hpa || c.hpa.minReplicas >= target))
        continue;
      out.push({
        clusterId: c.clusterId,
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        target,
        ...(c.hpa ? { hpaName: c.hpa.name } : {}),
      });
    }
  }
  return out;
}

/** Whether every warmed workload has its target ready, per the DR status. */
export function warmUpReady(status: DrStatus, items: WarmUpItem[]): boolean {
  return items.every(i => {
    const w = status.workloads.find(
      x =>
        x.kind === i.kind && x.namespace === i.namespace && x.name === i.name,
    );
    const c = w?.clusters.find(x => x.clusterId === i.clusterId);
    return !!c && c.ready >= i.target;
  });
}

const enc = encodeURIComponent;
const scalePath = (i: WarmUpItem) =>
  `/apis/apps/v1/namespaces/${enc(i.namespace)}/${
    i.kind === 'Deployment' ? 'deployments' : 'statefulsets'
  }/${enc(i.name)}/scale`;
const hpaPath = (i: WarmUpItem, name: string) =>
  `/apis/autoscaling/v2/namespaces/${enc(
    i.namespace,
  )}/horizontalpodautoscalers/${enc(name)}`;

/** Reads, changes and replaces an object with its resourceVersion, retrying lost races. */
async function update(
  kube: KubeJson,
  p: string,
  change: (obj: any) => boolean,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const obj = await kube('GET', p);
    if (!change(obj)) return;
    try {
      await kube('PUT', p, obj);
      return;
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
  }
  throw new Error(`${p} kept changing while it was scaled`);
}

/**
 * Scales workloads in member clusters through their API servers: the
 * `/scale` subresource of Deployments and StatefulSets, and the HPA's
 * minimum (so the autoscaler does not scale them back down).
 */
export class WarmUp {
  constructor(private readonly kubeFor: (clusterId: string) => KubeJson) {}

  /** What each workload is now, before any change. */
  async record(items: WarmUpItem[]): Promise<WarmUpRecord[]> {
    const out: WarmUpRecord[] = [];
    for (const i of items) {
      const kube = this.kubeFor(i.clusterId);
      const scale = await kube('GET', scalePath(i));
      const rec: WarmUpRecord = { ...i, replicas: scale?.spec?.replicas ?? 0 };
      if (i.hpaName) {
        const hpa = await kube('GET', hpaPath(i, i.hpaName));
        rec.hpa = {
          name: i.hpaName,
          minReplicas: hpa?.spec?.minReplicas ?? 1,
          maxReplicas: hpa?.spec?.maxReplicas ?? i.target,
        };
      }
      out.push(rec);
    }
    return out;
  }

  /** Raises HPA minimums and replica counts to the targets (nothing is lowered). */
  async scaleUp(records: WarmUpRecord[]): Promise<void> {
    for (const r of records) {
      const kube = this.kubeFor(r.clusterId);
      if (r.hpa)
        await update(kube, hpaPath(r, r.hpa.name), hpa => {
          const want = Math.min(r.target, hpa.spec.maxReplicas ?? r.target);
          if ((hpa.spec.minReplicas ?? 1) >= want) return false;
          hpa.spec.minReplicas = want;
          return true;
        });
      await update(kube, scalePath(r), scale => {
        if ((scale.spec?.replicas ?? 0) >= r.target) return false;
        scale.spec = { ...scale.spec, replicas: r.target };
        return true;
      });
    }
  }

  /**
   * Puts back the counts from before the warm-up, where they still hold the
   * warm-up's values (a value someone else changed since is left alone and
   * reported).
   */
  async restore(records: WarmUpRecord[]): Promise<string[]> {
    const notes: string[] = [];
    for (const r of records) {
      const kube = this.kubeFor(r.clusterId);
      const what = `${r.kind} ${r.namespace}/${r.name}`;
      if (r.hpa) {
        const hpa = r.hpa;
        await update(kube, hpaPath(r, hpa.name), obj => {
          const ours = Math.min(r.target, hpa.maxReplicas);
          const min = obj.spec.minReplicas ?? 1;
          if (min === hpa.minReplicas) return false;
          if (min !== ours) {
            notes.push(
              `HPA ${hpa.name} minimum is ${min} (changed by someone else); left as is`,
            );
            return false;
          }
          obj.spec.minReplicas = hpa.minReplicas;
          return true;
        });
      }
      await update(kube, scalePath(r), scale => {
        const n = scale.spec?.replicas ?? 0;
        if (n === r.replicas) return false;
        if (n !== r.target) {
          notes.push(
            `${what} has ${n} replicas (changed by someone else); left as is`,
          );
          return false;
        }
        scale.spec = { ...scale.spec, replicas: r.replicas };
        return true;
      });
    }
    return notes;
  }
}
