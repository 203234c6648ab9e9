import { createHash } from 'node:crypto';
import { nowRfc3339, StoreEvent } from '../Store';
import type { ControllerContext } from './index';
import { isPodReady, PODS } from './util';

/**
 * The pod lifecycle the scheduler and kubelets would drive: a new pod is
 * scheduled at once (event `Scheduled`), runs after a delay (`Pulled`,
 * `Created`, `Started` per container) and is ready unless a fault holds
 * pods unready (`Unhealthy`).
 */
export class PodLifecycle {
  allUnready = false;
  /** namespaces whose pods are forced unready (in addition to `allUnready`) */
  private readonly unreadyNamespaces = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly delayMs: number,
  ) {}

  stop() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  onPodEvent(ev: StoreEvent) {
    const p = ev.obj;
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    if (ev.type === 'ADDED') {
      if (p.spec?.nodeName && p.status?.phase === 'Pending') {
        this.ctx.events.record(
          p,
          'Normal',
          'Scheduled',
          `Successfully assigned ${key} to ${p.spec.nodeName}`,
          { component: 'default-scheduler' },
        );
      }
      this.schedule(p);
    }
    if (ev.type === 'DELETED') {
      const t = this.timers.get(key);
      if (t) clearTimeout(t);
      this.timers.delete(key);
    }
  }

  /** Make all pods (or those of one namespace) unready, or ready again. */
  setReady(ready: boolean, namespace?: string) {
    if (namespace) {
      if (ready) this.unreadyNamespaces.delete(namespace);
      else this.unreadyNamespaces.add(namespace);
    } else {
      this.allUnready = !ready;
      if (ready) this.unreadyNamespaces.clear();
    }
    for (const p of this.ctx.api.store.list(PODS, { namespace }).items) {
      if (
        p.status?.phase === 'Pending' &&
        this.timers.has(`${p.metadata.namespace}/${p.metadata.name}`)
      )
        continue;
      this.setReadiness(p, this.shouldBeReady(p));
    }
  }

  private shouldBeReady(p: any) {
    return !this.allUnready && !this.unreadyNamespaces.has(p.metadata.namespace);
  }

  schedule(p: any) {
    if (p.status?.phase !== 'Pending') return;
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    if (this.timers.has(key)) return;
    const t = setTimeout(() => {
      this.timers.delete(key);
      const cur = this.ctx.api.store.get(
        PODS,
        p.metadata.namespace,
        p.metadata.name,
      );
      if (!cur || cur.metadata.uid !== p.metadata.uid) return;
      this.setReadiness(cur, this.shouldBeReady(cur));
    }, this.delayMs);
    t.unref?.();
    this.timers.set(key, t);
  }

  private setReadiness(p: any, ready: boolean) {
    const prevStatus = p.status ?? {};
    const wasReady = isPodReady(p);
    if (prevStatus.phase === 'Running' && wasReady === ready) return;
    const updated = this.ctx.api.setStatus(p, runningStatus(this.ctx, p, ready));
    if (!updated) return;
    if (prevStatus.phase !== 'Running') this.started(updated);
    if (!ready) {
      this.ctx.events.record(
        updated,
        'Warning',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
        { component: 'kubelet', host: p.spec?.nodeName },
        `spec.containers{${p.spec?.containers?.[0]?.name ?? ''}}`,
      );
    }
  }

  /** The kubelet's events for the containers of a pod that started. */
  private started(p: any) {
    const source = { component: 'kubelet', host: p.spec?.nodeName };
    for (const c of p.spec?.containers ?? []) {
      const at = `spec.containers{${c.name}}`;
      const ev = this.ctx.events;
      ev.record(p, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, source, at);
      ev.record(p, 'Normal', 'Created', `Created container ${c.name}`, source, at);
      ev.record(p, 'Normal', 'Started', `Started container ${c.name}`, source, at);
    }
  }
}

function runningStatus(ctx: ControllerContext, p: any, ready: boolean) {
  const now = nowRfc3339();
  const prefix = ctx.opts.podCidrPrefix ?? '10.0';
  let ip = p.status?.podIP;
  if (!ip) {
    const seq = ctx.nextIp();
    ip = `${prefix}.${(seq >> 8) & 255}.${seq & 255}`;
  }
  const s = ready ? 'True' : 'False';
  const started = p.status?.startTime ?? now;
  return {
    phase: 'Running',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: started },
      { type: 'Initialized', status: 'True', lastTransitionTime: started },
      {
        type: 'Ready',
        status: s,
        lastTransitionTime: now,
        ...(ready
          ? {}
          : {
              reason: 'ContainersNotReady',
              message: 'containers with unready status: [readiness probe failed]',
            }),
      },
      { type: 'ContainersReady', status: s, lastTransitionTime: now },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: started },
    ],
    hostIP: '172.16.0.10',
    podIP: ip,
    podIPs: [{ ip }],
    startTime: started,
    qosClass: 'BestEffort',
    containerStatuses: (p.spec.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      imageID: `${c.image}@sha256:${sha256(String(c.image))}`,
      containerID: `containerd://${sha256(`${p.metadata.uid}/${c.name}`)}`,
      ready,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: started } },
    })),
  };
}

function sha256(s: string) {
  return createHash('sha256').update(s).digest('hex');
}
