import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  equalityOf,
  IngressClassLike,
  IngressLike,
  LabelSelector,
  matchesLabelSelector,
} from '@internal/plugin-ack-one-common';
import type { KubeConfig } from '@kubernetes/client-node';
import { Credentials } from './Credentials';
import {
  APPLICATIONS,
  ApplicationSummary,
  DEPLOYMENTS,
  HPAS,
  HpaSummary,
  INGRESS_CLASSES,
  INGRESSES,
  NAMESPACES,
  NamespaceSummary,
  STATEFULSETS,
  WorkloadSummary,
} from './kinds';
import { DEFAULT_LIVENESS, Liveness, LivenessOptions } from './Liveness';
import { Reflector, ReflectorOptions, ResourceKind } from './Reflector';
import type { Timers } from './backoff';
import { plainReason } from '../service/reasons';

/** Reachability of a watched API server, from its watches. */
export interface WatchState {
  reachable: boolean;
  /** Whether every watch has listed at least once. */
  synced: boolean;
  lastSyncAt?: Date;
  message?: string;
}

function combine(
  reflectors: Array<Reflector<any>>,
  liveness: Liveness,
): WatchState {
  const states = reflectors.map(r => r.state());
  const probe = liveness.state();
  const reachable = states.every(s => s.connected) && !probe.failing;
  const synced = reflectors.every(r => r.synced);
  let lastSyncAt: Date | undefined;
  for (const s of states) {
    if (!s.lastSyncAt) {
      lastSyncAt = undefined;
      break;
    }
    if (!lastSyncAt || s.lastSyncAt < lastSyncAt) lastSyncAt = s.lastSyncAt;
  }
  if (
    probe.failing &&
    lastSyncAt &&
    probe.lastAlive &&
    probe.lastAlive < lastSyncAt
  )
    lastSyncAt = probe.lastAlive;
  const reason = states.find(s => s.message)?.message;
  return {
    reachable,
    synced,
    lastSyncAt: synced ? lastSyncAt : undefined,
    message: probe.message ?? (reason && plainMessage(reason)),
  };
}

/**
 * A watch's description of a failure in the words of `plainReason`
 * ("connection refused", "timed out after 5 s"), as the probe reports it.
 */
export function plainMessage(text: string): string {
  if (/refused the connection/.test(text)) return 'connection refused';
  if (/connection to the API server was reset/.test(text))
    return 'connection reset';
  if (/did not answer within \d+ ms/.test(text))
    return plainReason({ message: text });
  return text;
}

/** How to reach one API server, and how to pace the requests to it. */
export interface WatchedServerOptions {
  /** Reads the credentials from ACK One (called on every connection). */
  kubeConfig: () => Promise<KubeConfig>;
  /** Drops the credentials ACK One cached (the API server rejected them). */
  invalidateKubeConfig?: () => void;
  logger: LoggerService;
  liveness?: LivenessOptions;
  requests?: Partial<ReflectorOptions>;
  /** Test seam for the reconnection waits. */
  timers?: Timers;
}

/** The watches on one API server, and the probe that checks it answers. */
abstract class WatchedServer {
  readonly #liveness: Liveness;
  readonly #credentials: Credentials;
  readonly #options: WatchedServerOptions;
  /** The watches whose state is the server's (reachable, synced). */
  protected abstract reflectors(): Array<Reflector<any>>;
  /** Watches of kinds a server may not serve (a missing CRD): not part of its state. */
  protected optionalReflectors(): Array<Reflector<any>> {
    return [];
  }
  #all() {
    return [...this.reflectors(), ...this.optionalReflectors()];
  }

  constructor(options: WatchedServerOptions) {
    this.#options = options;
    this.#credentials = new Credentials({
      fetch: options.kubeConfig,
      invalidate: options.invalidateKubeConfig,
      logger: options.logger,
    });
    this.#liveness = new Liveness({
      credentials: this.#credentials,
      logger: options.logger,
      options: options.liveness ?? DEFAULT_LIVENESS,
      onDead: (reason, lastAlive) => {
        for (const r of this.#all())
          r.reconnect(`the API server does not answer (${reason})`, lastAlive);
      },
    });
  }

  /** A reflector of `kind` on this server, sharing its credentials. */
  protected reflector<T>(
    kind: ResourceKind<T>,
    onChange?: (key: string, value: T | undefined) => void,
  ): Reflector<T> {
    return new Reflector({
      kind,
      credentials: this.#credentials,
      logger: this.#options.logger,
      onChange,
      options: this.#options.requests,
      timers: this.#options.timers,
    });
  }

  start() {
    for (const r of this.#all()) r.start();
    this.#liveness.start();
  }

  stop() {
    this.#liveness.stop();
    for (const r of this.#all()) r.stop();
  }

  /** Drops the credentials ACK One cached for this server (it left the inventory). */
  forgetCredentials() {
    this.#credentials.forget();
  }

  state(): WatchState {
    return combine(this.reflectors(), this.#liveness);
  }
}

/** `key=value` → keys of the objects carrying that label. */
class LabelIndex {
  readonly #byLabel = new Map<string, Set<string>>();
  readonly #labelsOf = new Map<string, string[]>();

  set(key: string, labels: Record<string, string> | undefined) {
    for (const l of this.#labelsOf.get(key) ?? []) {
      const s = this.#byLabel.get(l);
      s?.delete(key);
      if (s && s.size === 0) this.#byLabel.delete(l);
    }
    if (!labels) {
      this.#labelsOf.delete(key);
      return;
    }
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    this.#labelsOf.set(key, pairs);
    for (const l of pairs) {
      let s = this.#byLabel.get(l);
      if (!s) this.#byLabel.set(l, (s = new Set()));
      s.add(key);
    }
  }

  /** Keys of the objects labelled `key=value`. */
  withLabel(key: string, value: string): Iterable<string> {
    return this.#byLabel.get(`${key}=${value}`) ?? [];
  }

  /** Candidate keys for a selector, or undefined when it cannot narrow. */
  candidates(selector: LabelSelector): Iterable<string> | undefined {
    const eq = equalityOf(selector);
    if (eq) return this.#byLabel.get(`${eq.key}=${eq.value}`) ?? [];
    const r = selector.requirements.find(x => x.op === 'in');
    if (r && r.op === 'in') {
      const out = new Set<string>();
      for (const v of r.values)
        for (const k of this.#byLabel.get(`${r.key}=${v}`) ?? []) out.add(k);
      return out;
    }
    return undefined;
  }
}

export interface WorkloadWithHpa extends WorkloadSummary {
  hpa?: HpaSummary;
}

/**
 * A member cluster's Deployments, StatefulSets, HPAs and Namespaces,
 * watched and indexed by label, so a service's workloads (and the
 * namespaces of a team) are found without a scan.
 */
export class WatchedMemberCluster extends WatchedServer {
  readonly #deployments: Reflector<WorkloadSummary>;
  readonly #statefulSets: Reflector<WorkloadSummary>;
  readonly #hpas: Reflector<HpaSummary>;
  readonly #namespaces: Reflector<NamespaceSummary>;
  readonly #index = new LabelIndex();
  readonly #namespaceIndex = new LabelIndex();
  readonly #hpaByTarget = new Map<string, HpaSummary>();
  readonly #hpaTargetOf = new Map<string, string>();

  constructor(options: WatchedServerOptions) {
    super(options);
    this.#deployments = this.reflector(DEPLOYMENTS, (k, v) =>
      this.#index.set(`Deployment/${k}`, v?.labels),
    );
    this.#statefulSets = this.reflector(STATEFULSETS, (k, v) =>
      this.#index.set(`StatefulSet/${k}`, v?.labels),
    );
    this.#hpas = this.reflector(HPAS, (k, v) => {
      const old = this.#hpaTargetOf.get(k);
      if (old) this.#hpaByTarget.delete(old);
      this.#hpaTargetOf.delete(k);
      if (v?.targetKind && v.targetName) {
        const target = `${v.targetKind}/${v.namespace}/${v.targetName}`;
        this.#hpaByTarget.set(target, v);
        this.#hpaTargetOf.set(k, target);
      }
    });
    this.#namespaces = this.reflector(NAMESPACES, (k, v) =>
      this.#namespaceIndex.set(k, v?.labels),
    );
  }

  protected reflectors() {
    return [
      this.#deployments,
      this.#statefulSets,
      this.#hpas,
      this.#namespaces,
    ];
  }

  /** The labels of a namespace, or undefined when the cluster has none of that name (or it is not listed yet). */
  namespaceLabels(name: string): Record<string, string> | undefined {
    return this.#namespaces.items.get(name)?.labels;
  }

  /** Names of the namespaces labelled `key=value`, sorted. */
  namespacesWithLabel(key: string, value: string): string[] {
    return [...this.#namespaceIndex.withLabel(key, value)].sort();
  }

  /** Number of objects held (for metrics and benchmarks). */
  size(): number {
    return (
      this.#deployments.items.size +
      this.#statefulSets.items.size +
      this.#hpas.items.size
    );
  }

  findWorkloads(
    selector: LabelSelector,
    namespace?: string,
  ): WorkloadWithHpa[] {
    const out: WorkloadWithHpa[] = [];
    const consider = (w: WorkloadSummary | undefined) => {
      if (!w) return;
      if (namespace && w.namespace !== namespace) return;
      if (!matchesLabelSelector(selector, w.labels)) return;
      const hpa = this.#hpaByTarget.get(`${w.kind}/${w.namespace}/${w.name}`);
      out.push(hpa ? { ...w, hpa } : w);
    };
    const keys = this.#index.candidates(selector);
    if (keys) {
      for (const key of keys) {
        const slash = key.indexOf('/');
        const kind = key.slice(0, slash);
        const rest = key.slice(slash + 1);
        consider(
          kind === 'Deployment'
            ? this.#deployments.items.get(rest)
            : this.#statefulSets.items.get(rest),
        );
      }
    } else {
      for (const w of this.#deployments.items.values()) consider(w);
      for (const w of this.#statefulSets.items.values()) consider(w);
    }
    return out;
  }
}

/**
 * A Fleet's Ingresses and IngressClasses (the multi-cluster gateway's
 * configuration), and its Argo CD Applications when it runs Argo CD.
 */
export class WatchedFleet extends WatchedServer {
  readonly #ingresses: Reflector<IngressLike>;
  readonly #classes: Reflector<IngressClassLike>;
  readonly #applications: Reflector<ApplicationSummary>;

  constructor(options: WatchedServerOptions) {
    super(options);
    this.#ingresses = this.reflector(INGRESSES);
    this.#classes = this.reflector(INGRESS_CLASSES);
    this.#applications = this.reflector(APPLICATIONS);
  }

  protected reflectors() {
    return [this.#ingresses, this.#classes];
  }

  protected optionalReflectors() {
    return [this.#applications];
  }

  /** The Fleet's Argo CD Applications; undefined until they are listed (or without Argo CD). */
  applications(): ApplicationSummary[] | undefined {
    if (!this.#applications.synced) return undefined;
    return [...this.#applications.items.values()];
  }

  ingressClasses(): IngressClassLike[] {
    return [...this.#classes.items.values()];
  }

  /**
   * The service's Ingresses: those in its namespace (when given) whose
   * labels match its selector; when none is labelled so, every Ingress of
   * its namespace.
   */
  ingressesFor(selector: LabelSelector, namespace?: string): IngressLike[] {
    const all = [...this.#ingresses.items.values()].filter(
      i => !namespace || i.metadata.namespace === namespace,
    );
    const labelled = all.filter(i =>
      matchesLabelSelector(selector, i.metadata.labels),
    );
    if (labelled.length > 0 || !namespace) return labelled;
    return all;
  }
}
