import { createHash } from 'node:crypto';
import type { KubeApi } from './KubeApi';
import { StoreEvent, randomSuffix, nowRfc3339 } from './Store';
import { mapSelectorMatches, selectorObjectMatcher } from './selectors';

export interface ControllerOptions {
  /** delay between a pod's creation and it becoming ready (default 1500 ms) */
  podReadyDelayMs?: number;
  /** value of the `topology.istio.io/cluster`-style zone label, informational */
  zone?: string;
  /** first two octets of pod IPs, e.g. `10.1` */
  podCidrPrefix?: string;
}

const RS = 'apps/replicasets';
const DEPLOY = 'apps/deployments';
const STS = 'apps/statefulsets';
const PODS = '/pods';
const SVC = '/services';

function hashOf(v: unknown): string {
  const h = createHash('sha1').update(JSON.stringify(v)).digest('hex');
  // Kubernetes' pod-template-hash alphabet
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 10; i++)
    out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

function ownerRef(o: any) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: o.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function controllerUid(o: any): string | undefined {
  return (o.metadata.ownerReferences ?? []).find((r: any) => r.controller)?.uid;
}

export function isPodReady(p: any): boolean {
  return (p.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
}

/**
 * In-process controllers of one cluster: Deployment -> ReplicaSet -> Pods,
 * StatefulSet -> Pods, the pod lifecycle (Pending -> Running/Ready after a
 * delay, or held unready by a fault), Endpoints and EndpointSlices for
 * Services, and owner-reference garbage collection. Work is queued from
 * store events and processed in batches on the next macrotask.
 */
export class Controllers {
  podsUnready = false;
  /** namespaces whose pods are forced unready (in addition to `podsUnready` for all) */
  private readonly unreadyNamespaces = new Set<string>();
  private readonly delay: number;
  private unsubscribe?: () => void;
  private readonly owned = new Map<string, Set<string>>(); // owner uid -> "typeKey|ns|name"
  private readonly dirtyRs = new Set<string>();
  private readonly dirtyDeploy = new Set<string>();
  private readonly dirtySts = new Set<string>();
  private readonly dirtySvcNs = new Set<string>();
  private readonly podTimers = new Map<string, NodeJS.Timeout>();
  private scheduled = false;
  private ipSeq = 0;

  constructor(
    private readonly api: KubeApi,
    private readonly opts: ControllerOptions,
  ) {
    this.delay = opts.podReadyDelayMs ?? 1500;
  }

  start() {
    if (this.unsubscribe) return;
    this.unsubscribe = this.api.store.onEvent(ev => this.onEvent(ev));
    this.rebuild();
  }

  stop() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const t of this.podTimers.values()) clearTimeout(t);
    this.podTimers.clear();
  }

  /** Re-index after a restore and resume pending work (pods not ready yet, etc.). */
  rebuild() {
    this.owned.clear();
    for (const tk of [RS, PODS, 'discovery.k8s.io/endpointslices']) {
      for (const o of this.api.store.iterate(tk)) this.index(tk, o, true);
    }
    for (const d of this.api.store.iterate(DEPLOY))
      this.dirtyDeploy.add(`${d.metadata.namespace}/${d.metadata.name}`);
    for (const s of this.api.store.iterate(STS))
      this.dirtySts.add(`${s.metadata.namespace}/${s.metadata.name}`);
    for (const p of this.api.store.iterate(PODS)) this.schedulePodLifecycle(p);
    for (const s of this.api.store.iterate(SVC))
      this.dirtySvcNs.add(s.metadata.namespace);
    this.schedule();
  }

  /** Make all pods (or those of one namespace) unready, or ready again. */
  setPodsReady(ready: boolean, namespace?: string) {
    if (namespace) {
      if (ready) this.unreadyNamespaces.delete(namespace);
      else this.unreadyNamespaces.add(namespace);
    } else {
      this.podsUnready = !ready;
      if (ready) this.unreadyNamespaces.clear();
    }
    for (const p of this.api.store.list(PODS, { namespace }).items) {
      if (
        p.status?.phase === 'Pending' &&
        this.podTimers.has(`${p.metadata.namespace}/${p.metadata.name}`)
      )
        continue;
      this.setPodReadiness(p, this.shouldBeReady(p));
    }
  }

  private shouldBeReady(p: any) {
    return (
      !this.podsUnready && !this.unreadyNamespaces.has(p.metadata.namespace)
    );
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
    switch (ev.typeKey) {
      case DEPLOY:
        this.dirtyDeploy.add(key);
        break;
      case STS:
        this.dirtySts.add(key);
        break;
      case RS:
        if (ev.type === 'MODIFIED') this.index(RS, ev.prev, false);
        this.index(RS, o, ev.type !== 'DELETED');
        this.dirtyRs.add(key);
        this.markOwner(o);
        break;
      case PODS:
        if (ev.type === 'MODIFIED') this.index(PODS, ev.prev, false);
        this.index(PODS, o, ev.type !== 'DELETED');
        if (ev.type === 'ADDED') this.schedulePodLifecycle(o);
        if (ev.type === 'DELETED') {
          const t = this.podTimers.get(key);
          if (t) clearTimeout(t);
          this.podTimers.delete(key);
        }
        this.markOwner(o);
        this.dirtySvcNs.add(ns);
        break;
      case SVC:
        this.dirtySvcNs.add(ns);
        break;
      case 'discovery.k8s.io/endpointslices':
        if (ev.type === 'MODIFIED')
          this.index('discovery.k8s.io/endpointslices', ev.prev, false);
        this.index('discovery.k8s.io/endpointslices', o, ev.type !== 'DELETED');
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
    if (ref.kind === 'ReplicaSet') this.dirtyRs.add(key);
    else if (ref.kind === 'Deployment') this.dirtyDeploy.add(key);
    else if (ref.kind === 'StatefulSet') this.dirtySts.add(key);
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

  private process() {
    // bounded passes: later work queued by writes below is picked up on the next tick
    const deploys = [...this.dirtyDeploy];
    this.dirtyDeploy.clear();
    for (const k of deploys) this.reconcileDeployment(k);
    const sets = [...this.dirtySts];
    this.dirtySts.clear();
    for (const k of sets) this.reconcileStatefulSet(k);
    const rss = [...this.dirtyRs];
    this.dirtyRs.clear();
    for (const k of rss) this.reconcileReplicaSet(k);
    const nss = [...this.dirtySvcNs];
    this.dirtySvcNs.clear();
    for (const ns of nss) this.reconcileEndpoints(ns);
  }

  // ---- Deployments ----

  private reconcileDeployment(key: string) {
    const [ns, name] = key.split('/');
    const d = this.api.store.get(DEPLOY, ns, name);
    if (!d) return;
    const template = d.spec.template;
    const hash = hashOf(template);
    const rsName = `${name}-${hash}`;
    const owned = this.ownedBy(d.metadata.uid, RS);
    const desired = d.spec.paused ? undefined : d.spec.replicas ?? 1;
    let current = owned.find(r => r.metadata.name === rsName);
    const revisions = owned.map(r =>
      Number(
        r.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
      ),
    );
    const nextRevision = String(
      (revisions.length ? Math.max(...revisions) : 0) + 1,
    );
    if (!current) {
      current = this.api.create(
        this.api.typeFor('apps/v1', 'ReplicaSet'),
        ns,
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rsName,
            namespace: ns,
            labels: {
              ...(template.metadata?.labels ?? {}),
              'pod-template-hash': hash,
            },
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(
                d.spec.replicas ?? 1,
              ),
              'deployment.kubernetes.io/max-replicas': String(
                d.spec.replicas ?? 1,
              ),
              'deployment.kubernetes.io/revision': nextRevision,
            },
            ownerReferences: [ownerRef(d)],
          },
          spec: {
            replicas: desired ?? 0,
            selector: {
              matchLabels: {
                ...(d.spec.selector.matchLabels ?? {}),
                'pod-template-hash': hash,
              },
              ...(d.spec.selector.matchExpressions
                ? { matchExpressions: d.spec.selector.matchExpressions }
                : {}),
            },
            template: {
              ...template,
              metadata: {
                ...(template.metadata ?? {}),
                labels: {
                  ...(template.metadata?.labels ?? {}),
                  'pod-template-hash': hash,
                },
              },
            },
          },
        },
        { internal: true },
      );
    } else if (desired !== undefined && current.spec.replicas !== desired) {
      current = this.api.update(
        this.api.typeFor('apps/v1', 'ReplicaSet'),
        {
          ...current,
          metadata: {
            ...current.metadata,
            resourceVersion: undefined,
            annotations: {
              ...(current.metadata.annotations ?? {}),
              'deployment.kubernetes.io/desired-replicas': String(desired),
            },
          },
          spec: { ...current.spec, replicas: desired },
        },
        { internal: true },
      );
    }
    for (const r of owned) {
      if (r.metadata.name !== rsName && r.spec.replicas !== 0) {
        this.api.update(
          this.api.typeFor('apps/v1', 'ReplicaSet'),
          {
            ...r,
            metadata: { ...r.metadata, resourceVersion: undefined },
            spec: { ...r.spec, replicas: 0 },
          },
          { internal: true },
        );
      }
    }
    // revision history limit
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const old = this.ownedBy(d.metadata.uid, RS)
      .filter(
        r =>
          r.metadata.name !== rsName &&
          r.spec.replicas === 0 &&
          (r.status?.replicas ?? 0) === 0,
      )
      .sort(
        (a, b) =>
          Number(
            a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
          ) -
          Number(
            b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
          ),
      );
    while (old.length > limit) {
      const r = old.shift()!;
      this.api.removeObj('apps/v1', 'ReplicaSet', ns, r.metadata.name);
    }
    this.updateDeploymentStatus(d, rsName);
  }

  private updateDeploymentStatus(d: any, currentRs: string) {
    const owned = this.ownedBy(d.metadata.uid, RS);
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
    const prev = d.status ?? {};
    const complete =
      updated === desired && replicas === desired && available === desired;
    const now = nowRfc3339();
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => {
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
    const status: any = {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(replicas - available > 0
        ? { unavailableReplicas: replicas - available }
        : {}),
      conditions: [
        available >= desired
          ? cond(
              'Available',
              'True',
              'MinimumReplicasAvailable',
              'Deployment has minimum availability.',
            )
          : cond(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        complete
          ? cond(
              'Progressing',
              'True',
              'NewReplicaSetAvailable',
              `ReplicaSet "${currentRs}" has successfully progressed.`,
            )
          : cond(
              'Progressing',
              'True',
              'ReplicaSetUpdated',
              `ReplicaSet "${currentRs}" is progressing.`,
            ),
      ],
    };
    if (!replicas) {
      delete status.readyReplicas;
      delete status.availableReplicas;
    }
    this.api.setStatus(d, status);
  }

  // ---- ReplicaSets and StatefulSets ----

  private newPod(
    owner: any,
    name: string,
    template: any,
    extraLabels: Record<string, string> = {},
  ) {
    const nodes = this.api.store.list('/nodes').items;
    const node = nodes.length ? nodes[this.ipSeq % nodes.length] : undefined;
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

  private reconcileReplicaSet(key: string) {
    const [ns, name] = key.split('/');
    const rs = this.api.store.get(RS, ns, name);
    if (!rs) return;
    const pods = this.ownedBy(rs.metadata.uid, PODS);
    const desired = rs.spec.replicas ?? 1;
    const podType = this.api.typeFor('v1', 'Pod');
    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) {
        let podName = `${name}-${randomSuffix()}`;
        while (this.api.store.get(PODS, ns, podName))
          podName = `${name}-${randomSuffix()}`;
        try {
          this.api.create(
            podType,
            ns,
            this.newPod(rs, podName, rs.spec.template),
            { internal: true },
          );
        } catch {
          // namespace gone
        }
      }
    } else if (pods.length > desired) {
      const victims = [...pods]
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))
        .slice(0, pods.length - desired);
      for (const p of victims)
        this.api.removeObj('v1', 'Pod', ns, p.metadata.name);
    }
    const now = this.ownedBy(rs.metadata.uid, PODS);
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
    this.api.setStatus(rs, status);
    this.markOwner(rs);
  }

  private reconcileStatefulSet(key: string) {
    const [ns, name] = key.split('/');
    const sts = this.api.store.get(STS, ns, name);
    if (!sts) return;
    const desired = sts.spec.replicas ?? 1;
    const hash = hashOf(sts.spec.template);
    const revision = `${name}-${hash}`;
    const podType = this.api.typeFor('v1', 'Pod');
    const pods = this.ownedBy(sts.metadata.uid, PODS);
    for (let i = 0; i < desired; i++) {
      const podName = `${name}-${i}`;
      const p = pods.find(x => x.metadata.name === podName);
      if (p && p.metadata.labels?.['controller-revision-hash'] !== revision) {
        this.api.removeObj('v1', 'Pod', ns, podName);
      }
      if (!p || p.metadata.labels?.['controller-revision-hash'] !== revision) {
        try {
          this.api.create(
            podType,
            ns,
            this.newPod(sts, podName, sts.spec.template, {
              'controller-revision-hash': revision,
              'statefulset.kubernetes.io/pod-name': podName,
              'apps.kubernetes.io/pod-index': String(i),
            }),
            { internal: true },
          );
        } catch {
          // ignore
        }
      }
    }
    for (const p of pods) {
      const idx = Number(p.metadata.name.slice(name.length + 1));
      if (!(idx < desired))
        this.api.removeObj('v1', 'Pod', ns, p.metadata.name);
    }
    const now = this.ownedBy(sts.metadata.uid, PODS);
    const ready = now.filter(isPodReady).length;
    this.api.setStatus(sts, {
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

  // ---- pod lifecycle ----

  private schedulePodLifecycle(p: any) {
    if (p.status?.phase !== 'Pending') return;
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    if (this.podTimers.has(key)) return;
    const t = setTimeout(() => {
      this.podTimers.delete(key);
      const cur = this.api.store.get(
        PODS,
        p.metadata.namespace,
        p.metadata.name,
      );
      if (!cur || cur.metadata.uid !== p.metadata.uid) return;
      this.setPodReadiness(cur, this.shouldBeReady(cur));
    }, this.delay);
    t.unref?.();
    this.podTimers.set(key, t);
  }

  private setPodReadiness(p: any, ready: boolean) {
    const now = nowRfc3339();
    const prefix = this.opts.podCidrPrefix ?? '10.0';
    let ip = p.status?.podIP;
    if (!ip) {
      this.ipSeq++;
      ip = `${prefix}.${(this.ipSeq >> 8) & 255}.${this.ipSeq & 255}`;
    }
    const s = ready ? 'True' : 'False';
    const prevStatus = p.status ?? {};
    const started = prevStatus.startTime ?? now;
    const status = {
      phase: 'Running',
      conditions: [
        {
          type: 'PodReadyToStartContainers',
          status: 'True',
          lastTransitionTime: started,
        },
        { type: 'Initialized', status: 'True', lastTransitionTime: started },
        {
          type: 'Ready',
          status: s,
          lastTransitionTime: now,
          ...(ready
            ? {}
            : {
                reason: 'ContainersNotReady',
                message:
                  'containers with unready status: [readiness probe failed]',
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
        imageID: `${c.image}@sha256:${createHash('sha256')
          .update(String(c.image))
          .digest('hex')}`,
        containerID: `containerd://${createHash('sha256')
          .update(`${p.metadata.uid}/${c.name}`)
          .digest('hex')}`,
        ready,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
      })),
    };
    const wasReady = isPodReady(p);
    if (prevStatus.phase === 'Running' && wasReady === ready) return;
    this.api.setStatus(p, status);
  }

  // ---- Endpoints / EndpointSlices ----

  private reconcileEndpoints(ns: string) {
    const services = this.api.store.list(SVC, { namespace: ns }).items;
    const pods = this.api.store.list(PODS, { namespace: ns }).items;
    const epType = this.api.typeFor('v1', 'Endpoints');
    const sliceType = this.api.typeFor('discovery.k8s.io/v1', 'EndpointSlice');
    const svcNames = new Set(services.map(s => s.metadata.name));
    for (const svc of services) {
      if (!svc.spec?.selector || !Object.keys(svc.spec.selector).length)
        continue;
      const selected = pods.filter(
        p =>
          mapSelectorMatches(svc.spec.selector, p.metadata.labels) &&
          p.status?.podIP,
      );
      const ports = (svc.spec.ports ?? []).map((sp: any) => {
        let port = sp.targetPort;
        if (typeof port === 'string') {
          const portName = port;
          for (const p of selected) {
            for (const c of p.spec.containers ?? []) {
              const cp = (c.ports ?? []).find((x: any) => x.name === portName);
              if (cp) port = cp.containerPort;
            }
          }
          if (typeof port === 'string') port = Number(port) || sp.port;
        }
        return {
          ...(sp.name ? { name: sp.name } : {}),
          port,
          protocol: sp.protocol ?? 'TCP',
        };
      });
      const addr = (p: any) => ({
        ip: p.status.podIP,
        nodeName: p.spec.nodeName,
        targetRef: {
          kind: 'Pod',
          namespace: ns,
          name: p.metadata.name,
          uid: p.metadata.uid,
        },
      });
      const readyPods = selected.filter(isPodReady);
      const notReady = selected.filter(p => !isPodReady(p));
      const subsets =
        selected.length === 0
          ? undefined
          : [
              {
                ...(readyPods.length ? { addresses: readyPods.map(addr) } : {}),
                ...(notReady.length
                  ? { notReadyAddresses: notReady.map(addr) }
                  : {}),
                ports,
              },
            ];
      const epExisting = this.api.store.get(
        '/endpoints',
        ns,
        svc.metadata.name,
      );
      const labels = { ...(svc.metadata.labels ?? {}) };
      if (!epExisting) {
        this.api.create(
          epType,
          ns,
          {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name: svc.metadata.name, namespace: ns, labels },
            ...(subsets ? { subsets } : {}),
          },
          { internal: true },
        );
      } else if (
        JSON.stringify(epExisting.subsets) !== JSON.stringify(subsets)
      ) {
        const next: any = {
          ...epExisting,
          metadata: { ...epExisting.metadata, resourceVersion: undefined },
        };
        if (subsets) next.subsets = subsets;
        else delete next.subsets;
        this.api.update(epType, next, { internal: true });
      }
      const sliceName = `${svc.metadata.name}-${hashOf(svc.metadata.uid).slice(
        0,
        5,
      )}`;
      const endpoints = selected.map(p => {
        const r = isPodReady(p);
        return {
          addresses: [p.status.podIP],
          conditions: { ready: r, serving: r, terminating: false },
          nodeName: p.spec.nodeName,
          targetRef: {
            kind: 'Pod',
            namespace: ns,
            name: p.metadata.name,
            uid: p.metadata.uid,
          },
          ...(this.opts.zone ? { zone: this.opts.zone } : {}),
        };
      });
      const slice = this.api.store.get(
        'discovery.k8s.io/endpointslices',
        ns,
        sliceName,
      );
      if (!slice) {
        this.api.create(
          sliceType,
          ns,
          {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: {
              name: sliceName,
              namespace: ns,
              labels: {
                ...labels,
                'kubernetes.io/service-name': svc.metadata.name,
                'endpointslice.kubernetes.io/managed-by':
                  'endpointslice-controller.k8s.io',
              },
              ownerReferences: [{ ...ownerRef(svc), blockOwnerDeletion: true }],
            },
            addressType: 'IPv4',
            endpoints,
            ports,
          },
          { internal: true },
        );
      } else if (
        JSON.stringify(slice.endpoints) !== JSON.stringify(endpoints) ||
        JSON.stringify(slice.ports) !== JSON.stringify(ports)
      ) {
        this.api.update(
          sliceType,
          {
            ...slice,
            metadata: { ...slice.metadata, resourceVersion: undefined },
            endpoints,
            ports,
          },
          { internal: true },
        );
      }
    }
    // endpoints of deleted services
    for (const ep of this.api.store.list('/endpoints', { namespace: ns })
      .items) {
      if (!svcNames.has(ep.metadata.name))
        this.api.removeObj('v1', 'Endpoints', ns, ep.metadata.name);
    }
  }
}

export { selectorObjectMatcher, controllerUid };
