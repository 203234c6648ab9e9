import type { KubeApi } from '../KubeApi';
import type { StoreEvent } from '../Store';
import { EventRecorder } from './events';
import { reconcileDeployment } from './deployment';
import { reconcileReplicaSet } from './replicaset';
import { reconcileStatefulSet } from './statefulset';
import { reconcileEndpoints } from './endpoints';
import { reconcileNode } from './nodes';
import { PodLifecycle } from './pods';
import {
  controllerUid,
  DEPLOY,
  isPodReady,
  NODES,
  PODS,
  RS,
  SLICES,
  STS,
  SVC,
} from './util';

export { isPodReady, controllerUid };
export { selectorObjectMatcher } from '../selectors';

export interface ControllerOptions {
  /** delay between a pod's creation and it becoming ready (default 1500 ms) */
  podReadyDelayMs?: number;
  /** value of the `topology.istio.io/cluster`-style zone label, informational */
  zone?: string;
  /** first two octets of pod IPs, e.g. `10.1` */
  podCidrPrefix?: string;
  /** record Events (default true) */
  events?: boolean;
  /** Events kept per cluster (default 2000) */
  maxEvents?: number;
  /** the cluster's Kubernetes version (kubelets report it), without `v` */
  kubernetesVersion?: () => string;
}

/** What each controller gets: the API, owner lookups and the event recorder. */
export interface ControllerContext {
  api: KubeApi;
  opts: ControllerOptions;
  events: EventRecorder;
  ownedBy(uid: string, typeKey: string): any[];
  /** queue the controller owner of `o` */
  markOwner(o: any): void;
  pods: PodLifecycle;
  nextIp(): number;
}

/**
 * In-process controllers of one cluster: Deployment -> ReplicaSet -> Pods
 * (with revisions and rollbacks), StatefulSet -> Pods, the pod lifecycle
 * (Pending -> Running/Ready after a delay, or held unready by a fault),
 * Endpoints and EndpointSlices for Services, node versions, Events, and
 * owner-reference garbage collection. Work is queued from store events and
 * processed in batches on the next macrotask.
 */
export class Controllers {
  private unsubscribe?: () => void;
  private readonly owned = new Map<string, Set<string>>(); // owner uid -> "typeKey|ns|name"
  private readonly dirty = {
    deploy: new Set<string>(),
    sts: new Set<string>(),
    rs: new Set<string>(),
    svcNs: new Set<string>(),
    nodes: new Set<string>(),
  };
  private scheduled = false;
  private ipSeq = 0;
  private lastVersion?: string;
  private readonly ctx: ControllerContext;

  constructor(api: KubeApi, opts: ControllerOptions) {
    const events = new EventRecorder(api, {
      enabled: opts.events ?? true,
      maxEvents: opts.maxEvents ?? 2000,
    });
    this.ctx = {
      api,
      opts,
      events,
      ownedBy: (uid, tk) => this.ownedBy(uid, tk),
      markOwner: o => this.markOwner(o),
      pods: undefined as any,
      nextIp: () => ++this.ipSeq,
    };
    this.ctx.pods = new PodLifecycle(this.ctx, opts.podReadyDelayMs ?? 1500);
  }

  get podsUnready() {
    return this.ctx.pods.allUnready;
  }

  private get api() {
    return this.ctx.api;
  }

  start() {
    if (this.unsubscribe) return;
    this.unsubscribe = this.api.store.onEvent(ev => this.onEvent(ev));
    this.rebuild();
  }

  stop() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.ctx.pods.stop();
  }

  /** Re-index after a restore and resume pending work (pods not ready yet, etc.). */
  rebuild() {
    this.owned.clear();
    for (const tk of [RS, PODS, SLICES]) {
      for (const o of this.api.store.iterate(tk)) this.index(tk, o, true);
    }
    const key = (o: any) => `${o.metadata.namespace}/${o.metadata.name}`;
    for (const d of this.api.store.iterate(DEPLOY)) this.dirty.deploy.add(key(d));
    for (const s of this.api.store.iterate(STS)) this.dirty.sts.add(key(s));
    for (const p of this.api.store.iterate(PODS)) this.ctx.pods.schedule(p);
    for (const s of this.api.store.iterate(SVC))
      this.dirty.svcNs.add(s.metadata.namespace);
    for (const n of this.api.store.iterate(NODES)) this.dirty.nodes.add(n.metadata.name);
    this.schedule();
  }

  /** Make all pods (or those of one namespace) unready, or ready again. */
  setPodsReady(ready: boolean, namespace?: string) {
    this.ctx.pods.setReady(ready, namespace);
  }

  /** Re-stamps the kubelet version of the nodes when the cluster's version changed. */
  versionChanged() {
    const v = this.ctx.opts.kubernetesVersion?.();
    if (!v || v === this.lastVersion) return;
    this.lastVersion = v;
    for (const n of this.api.store.iterate(NODES)) this.dirty.nodes.add(n.metadata.name);
    if (this.unsubscribe) this.schedule();
  }

  private index(typeKey: string, o: any, add: boolean) {
    for (const r of o.metadata.ownerReferences ?? []) {
      let s = this.owned.get(r.uid);
      if (!s) {
        s = new Set();
        this.owned.set(r.uid, s);
      }
      const k = `${typeKey}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
      if (add) s.add(k);
      else {
        s.delete(k);
        if (s.size === 0) this.owned.delete(r.uid);
      }
    }
  }

  private ownedBy(uid: string, typeKey: string): any[] {
    const s = this.owned.get(uid);
    if (!s) return [];
    const out = [];
    for (const k of s) {
      const [tk, ns, name] = k.split('|');
      if (tk !== typeKey) continue;
      const o = this.api.store.get(tk, ns || undefined, name);
      if (o) out.push(o);
    }
    return out;
  }

  private onEvent(ev: StoreEvent) {
    const o = ev.obj;
    const ns = o.metadata.namespace;
    const key = `${ns}/${o.metadata.name}`;
    const reindex = (tk: string) => {
      if (ev.type === 'MODIFIED') this.index(tk, ev.prev, false);
      this.index(tk, o, ev.type !== 'DELETED');
    };
    switch (ev.typeKey) {
      case DEPLOY:
        this.dirty.deploy.add(key);
        break;
      case STS:
        this.dirty.sts.add(key);
        break;
      case RS:
        reindex(RS);
        this.dirty.rs.add(key);
        this.markOwner(o);
        break;
      case PODS:
        reindex(PODS);
        this.ctx.pods.onPodEvent(ev);
        this.markOwner(o);
        this.dirty.svcNs.add(ns);
        break;
      case SVC:
        this.dirty.svcNs.add(ns);
        break;
      case SLICES:
        reindex(SLICES);
        break;
      case NODES:
        if (ev.type !== 'DELETED') this.dirty.nodes.add(o.metadata.name);
        break;
      default:
        break;
    }
    if (ev.type === 'DELETED') this.collectGarbage(o.metadata.uid);
    this.schedule();
  }

  private markOwner(o: any) {
    const ref = (o.metadata.ownerReferences ?? []).find(
      (r: any) => r.controller,
    );
    if (!ref) return;
    const key = `${o.metadata.namespace}/${ref.name}`;
    if (ref.kind === 'ReplicaSet') this.dirty.rs.add(key);
    else if (ref.kind === 'Deployment') this.dirty.deploy.add(key);
    else if (ref.kind === 'StatefulSet') this.dirty.sts.add(key);
  }

  private collectGarbage(uid: string) {
    const s = this.owned.get(uid);
    if (!s) return;
    for (const k of [...s]) {
      const [tk, ns, name] = k.split('|');
      const o = this.api.store.get(tk, ns || undefined, name);
      if (!o) continue;
      try {
        this.api.removeObj(o.apiVersion, o.kind, ns || undefined, name);
      } catch {
        // ignore
      }
    }
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.process();
    });
  }

  private drain(set: Set<string>, fn: (key: string) => void) {
    const keys = [...set];
    set.clear();
    for (const k of keys) {
      try {
        fn(k);
      } catch {
        // an object that changed or went away meanwhile: its next event requeues it
      }
    }
  }

  private process() {
    // bounded passes: later work queued by writes below is picked up on the next tick
    const c = this.ctx;
    this.drain(this.dirty.deploy, k => reconcileDeployment(c, k));
    this.drain(this.dirty.sts, k => reconcileStatefulSet(c, k));
    this.drain(this.dirty.rs, k => reconcileReplicaSet(c, k));
    this.drain(this.dirty.svcNs, ns => reconcileEndpoints(c, ns));
    this.drain(this.dirty.nodes, n => reconcileNode(c, n));
  }
}
