import type { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ACK_ONE_SERVICE_ANNOTATIONS,
  buildDrStatus,
  DrPolicy,
  DrProblem,
  DrStatus,
  DrWorkloadInput,
  IngressLike,
  isMseIngress,
  parseDrAnnotations,
  parseGatewayIngresses,
  parseLabelSelector,
  refName,
  type NamespaceScopeRule,
} from '@internal/plugin-ack-one-common';
import {
  getKubeconfigFor,
  type AckOneClusterRef,
  type AckOneInventory,
  type AckOneInventorySnapshot,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import type { LivenessOptions } from './Liveness';
import type { ReflectorOptions } from './Reflector';
import { namespaceScope } from './NamespaceScope';
import { toWorkloadInput } from './workloadInput';
import {
  argoCdApplicationsFor,
  type DrLinkPatterns,
  fillPattern,
  memberInput,
  StatusMemos,
  unresolvedStatus,
} from './statusInputs';
import { WatchedFleet, WatchedMemberCluster } from './WatchedCluster';

interface FleetEntry {
  account: string;
  region: string;
  clusterId: string;
  name: string;
  members: MemberEntry[];
  /** Its API server is not reached (the inventory's connectable rule). */
  notConnectable?: boolean;
}

interface MemberEntry {
  clusterId: string;
  name: string;
  clusterType?: string;
  location?: 'idc' | 'cloud';
  /** Set when the inventory's connectable rule says it is not reached: why. */
  notConnectable?: string;
}

/** Where a service's Fleet and clusters are, and its Ingresses served by the MSE gateway. */
export interface ServiceLocation {
  account: string;
  region: string;
  fleet: { clusterId: string; name: string };
  members: MemberEntry[];
  ingresses: IngressLike[];
}

/**
 * The DR status cache: follows the Fleets and member clusters of the ACK
 * One inventory, keeps a list + watch of each connectable member's
 * Deployments, StatefulSets and HPAs and of each Fleet's gateway Ingresses,
 * and answers status requests from memory.
 */
export class DrCache {
  readonly #ackOne: AckOneService;
  readonly #inventory: AckOneInventory;
  readonly #logger: LoggerService;
  readonly #liveness?: LivenessOptions;
  readonly #requests?: Partial<ReflectorOptions>;
  readonly #links: DrLinkPatterns;
  readonly #memos = new StatusMemos();
  readonly #ruleOf: (account: string) => NamespaceScopeRule;
  readonly #fleets = new Map<string, FleetEntry>();
  readonly #members = new Map<string, WatchedMemberCluster>();
  readonly #fleetWatches = new Map<string, WatchedFleet>();
  readonly #regionErrors = new Map<string, string>();
  #firstDiscovery?: Promise<void>;
  #unsubscribe?: () => void;
  #stopped = false;

  constructor(options: {
    ackOne: AckOneService;
    /** Where Fleets and members come from; a change is followed at once. */
    inventory: AckOneInventory;
    logger: LoggerService;
    /** How the API servers are probed (default every 10 s, 5 s timeout). */
    liveness?: LivenessOptions;
    /**
     * Deadlines and pacing of list and watch requests (default: 30 s per
     * list page, 15 s for a watch to be accepted).
     */
    requests?: Partial<ReflectorOptions>;
    /** Console and Argo CD links of the DR status (config `ackOne.consoleUrlPattern`, `ackOne.argoCdUrlPattern`). */
    links?: DrLinkPatterns;
  }) {
    this.#ackOne = options.ackOne;
    this.#inventory = options.inventory;
    this.#logger = options.logger;
    this.#liveness = options.liveness;
    this.#requests = options.requests;
    this.#links = options.links ?? {};
    const rules = new Map(
      this.#ackOne.listAccounts().map(a => [a.id, a.namespaceScope]),
    );
    this.#ruleOf = account => rules.get(account) ?? 'namespace-label';
  }

  /** Follows the inventory (and starts the watches) in the background. */
  start(): void {
    this.#stopped = false;
    this.#unsubscribe?.();
    this.#unsubscribe = this.#inventory.subscribe(s => this.#apply(s));
    const started = Date.now();
    this.#firstDiscovery = this.#inventory.ready().then(s => {
      this.#apply(s);
      this.#logWhenSynced(started);
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const w of this.#members.values()) w.stop();
    for (const w of this.#fleetWatches.values()) w.stop();
    this.#members.clear();
    this.#fleetWatches.clear();
  }

  /** Resolves once the first discovery has run (whatever its outcome). */
  async ready(): Promise<void> {
    await this.#firstDiscovery;
  }

  /**
   * Whether a member cluster or Fleet this cache watches answers, as the DR
   * tab shows it; undefined for one it does not watch or has not heard
   * from yet.
   */
  liveness(
    clusterId: string,
  ): { reachable: boolean; lastSyncAt?: Date; message?: string } | undefined {
    const watched =
      this.#members.get(clusterId) ?? this.#fleetWatches.get(clusterId);
    const state = watched?.state();
    // still connecting, with nothing to say yet
    if (!state || (!state.synced && !state.message)) return undefined;
    return {
      reachable: state.reachable,
      lastSyncAt: state.lastSyncAt,
      message: state.message,
    };
  }

  /** Objects held, per cluster id (benchmarks, diagnostics). */
  sizes(): Record<string, number> {
    return Object.fromEntries(
      [...this.#members.entries()].map(([id, w]) => [id, w.size()]),
    );
  }

  /** Logs once when every watch has listed (or after 5 minutes, what is not). */
  #logWhenSynced(started: number) {
    const check = () => {
      if (this.#stopped) return;
      const states = [...this.#members.values()].map(w => w.state());
      const fleets = [...this.#fleetWatches.values()].map(w => w.state());
      const pending = [...states, ...fleets].filter(x => !x.synced).length;
      const elapsed = Date.now() - started;
      if (pending > 0 && elapsed < 300_000) {
        setTimeout(check, 500).unref?.();
        return;
      }
      const objects = Object.values(this.sizes()).reduce((a, b) => a + b, 0);
      const many = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
      const text = `DR cache: ${many(
        this.#members.size,
        'member cluster',
      )} of ${many(
        this.#fleets.size,
        'Fleet',
      )}, ${objects} workloads and HPAs, listed in ${(elapsed / 1000).toFixed(
        1,
      )} s`;
      if (pending === 0) this.#logger.info(text);
      else
        this.#logger.warn(
          `${text}; ${pending} clusters or Fleets have not answered yet`,
        );
    };
    check();
  }

  /** Reads the inventory again now and follows it (tests, diagnostics). */
  async discover(): Promise<void> {
    this.#apply(await this.#inventory.refresh());
  }

  /** Takes the Fleets and members of the inventory and starts or stops watches to match. */
  #apply(snapshot: AckOneInventorySnapshot): void {
    this.#regionErrors.clear();
    for (const r of snapshot.regions)
      if (r.error) this.#regionErrors.set(`${r.account}/${r.region}`, r.error);
    this.#fleets.clear();
    for (const f of snapshot.fleets) {
      this.#fleets.set(f.clusterId, {
        account: f.ref.account,
        region: f.ref.region,
        clusterId: f.clusterId,
        name: f.name,
        notConnectable: !this.#inventory.isConnectable(f) || undefined,
        members: f.members.map(m => ({
          clusterId: m.clusterId,
          name: m.name,
          clusterType: m.clusterType,
          location: m.location,
          notConnectable: m.connectable
            ? undefined
            : `ACK One reports the cluster ${m.state ?? 'unavailable'}`,
        })),
      });
    }
    if (this.#stopped) return;
    this.#reconcileWatches();
  }

  #reconcileWatches() {
    const wantMembers = new Map<
      string,
      { fleet: FleetEntry; m: MemberEntry }
    >();
    for (const f of this.#fleets.values())
      for (const m of f.members)
        if (!m.notConnectable) wantMembers.set(m.clusterId, { fleet: f, m });
    for (const [id, w] of this.#members)
      if (!wantMembers.has(id)) {
        w.stop();
        w.forgetCredentials();
        this.#members.delete(id);
      }
    for (const [id, { fleet, m }] of wantMembers) {
      if (this.#members.has(id)) continue;
      const w = new WatchedMemberCluster({
        liveness: this.#liveness,
        requests: this.#requests,
        logger: this.#logger.child({ cluster: m.name }),
        ...this.#credentialsFor({
          kind: 'cluster',
          account: fleet.account,
          region: fleet.region,
          clusterId: m.clusterId,
          clusterType: m.clusterType,
        }),
      });
      this.#members.set(id, w);
      w.start();
    }
    for (const [id, w] of this.#fleetWatches)
      if (!this.#fleets.has(id) || this.#fleets.get(id)!.notConnectable) {
        w.stop();
        w.forgetCredentials();
        this.#fleetWatches.delete(id);
      }
    for (const f of this.#fleets.values()) {
      if (f.notConnectable || this.#fleetWatches.has(f.clusterId)) continue;
      const w = new WatchedFleet({
        liveness: this.#liveness,
        requests: this.#requests,
        logger: this.#logger.child({ fleet: f.name }),
        ...this.#credentialsFor({
          kind: 'fleet',
          account: f.account,
          region: f.region,
          clusterId: f.clusterId,
        }),
      });
      this.#fleetWatches.set(f.clusterId, w);
      w.start();
    }
  }

  /**
   * Credentials are read on every (re)connection; the service caches them
   * until they expire, or until the API server rejects them (401) or the
   * cluster leaves the inventory.
   */
  #credentialsFor(ref: AckOneClusterRef) {
    return {
      kubeConfig: async () =>
        this.#ackOne.toKubeConfig(await getKubeconfigFor(this.#ackOne, ref)),
      invalidateKubeConfig: () => this.#ackOne.invalidateKubeconfig(ref),
    };
  }

  /** Finds the Fleet an `ack-one/fleet` value names: cluster id, name or entity ref. */
  #resolveFleet(ref: string): { fleet?: FleetEntry; problem?: DrProblem } {
    const annotation = ACK_ONE_SERVICE_ANNOTATIONS.fleet;
    const name = refName(ref);
    const byId = this.#fleets.get(ref);
    if (byId) return { fleet: byId };
    const byName = [...this.#fleets.values()].filter(
      f => f.name === ref || f.name === name,
    );
    if (byName.length === 1) return { fleet: byName[0] };
    if (byName.length > 1)
      return {
        problem: {
          severity: 'error',
          annotation,
          message: `${annotation} is "${ref}", and ${
            byName.length
          } Fleets have that name (${byName
            .map(f => f.clusterId)
            .join(', ')}); use the Fleet's cluster id`,
        },
      };
    // Perhaps a Fleet created since the last read: read again (at most
    // once per unknown value for a while); a change reaches the watches.
    void this.#inventory.findFleet(ref);
    const failing = [...this.#regionErrors.keys()];
    if (failing.length)
      this.#logger.info(
        `${annotation} "${ref}" names no known Fleet; not readable now: ${failing.join(
          ', ',
        )}`,
      );
    return {
      problem: {
        severity: 'error',
        annotation,
        message: `${annotation} is "${ref}", which is not a Fleet of any configured ACK One account${
          failing.length
            ? ' that could be read just now (some could not: try again shortly)'
            : ''
        }; write the Fleet's name or cluster id as the ACK One console shows it`,
      },
    };
  }

  #memberStatus(
    m: MemberEntry,
    fleet: FleetEntry,
    watched?: WatchedMemberCluster,
  ) {
    const pattern = this.#links.consoleUrlPattern;
    return memberInput(
      m,
      watched?.state(),
      pattern &&
        fillPattern(pattern, {
          clusterId: m.clusterId,
          regionId: fleet.region,
        }),
    );
  }

  #scopeOf(entity: Entity, fleet: FleetEntry, namespace?: string) {
    return namespaceScope({
      rule: this.#ruleOf(fleet.account),
      entity,
      namespace,
      fleet,
      members: fleet.members.map(m => ({
        clusterId: m.clusterId,
        watched: this.#members.get(m.clusterId),
      })),
    });
  }

  /** The service's gateway Ingresses, within its namespace scope. */
  #gatewayIngresses(
    fw: WatchedFleet,
    policy: DrPolicy,
    scope: ReturnType<typeof namespaceScope>,
  ): IngressLike[] {
    return fw
      .ingressesFor(
        parseLabelSelector(policy.selector.labelSelector),
        policy.selector.namespace,
      )
      .filter(i => scope.allowsAnywhere(i.metadata.namespace ?? ''));
  }

  /** Where a service's Fleet, members and gateway Ingresses are (for the failover executor); undefined when they do not resolve. */
  locate(entity: Entity): ServiceLocation | undefined {
    const { policy } = parseDrAnnotations(entity);
    if (!policy) return undefined;
    const { fleet } = this.#resolveFleet(policy.fleet!);
    if (!fleet) return undefined;
    const scope = this.#scopeOf(entity, fleet, policy.selector.namespace);
    if (scope.problem) return undefined;
    const fw = this.#fleetWatches.get(fleet.clusterId);
    return {
      account: fleet.account,
      region: fleet.region,
      fleet: { clusterId: fleet.clusterId, name: fleet.name },
      members: fleet.members.map(m => ({ ...m })),
      ingresses: fw
        ? this.#gatewayIngresses(fw, policy, scope).filter(i =>
            isMseIngress(i, fw.ingressClasses()),
          )
        : [],
    };
  }

  /** The DR status of a service entity, from memory. */
  getStatus(entity: Entity, now: Date = new Date()): DrStatus {
    const entityRef = stringifyEntityRef(entity);
    const { policy, problems } = parseDrAnnotations(entity);
    const empty = (extra: DrProblem[] = []): DrStatus =>
      unresolvedStatus({
        entityRef,
        now,
        policy,
        problems: [...problems, ...extra],
      });
    if (!policy) return empty();
    const { fleet, problem } = this.#resolveFleet(policy.fleet!);
    if (!fleet) return empty(problem ? [problem] : []);

    const selector = parseLabelSelector(policy.selector.labelSelector);
    const namespace = policy.selector.namespace;
    const scope = this.#scopeOf(entity, fleet, namespace);
    if (scope.problem) return empty([scope.problem]);
    const workloads: DrWorkloadInput[] = [];
    const members = fleet.members.map(m => {
      const watched = this.#members.get(m.clusterId);
      for (const w of watched?.findWorkloads(selector, namespace) ?? [])
        if (scope.allows(m.clusterId, w.namespace))
          workloads.push(toWorkloadInput(m.clusterId, w));
      return this.#memberStatus(m, fleet, watched);
    });

    const fw = this.#fleetWatches.get(fleet.clusterId);
    const fstate = fw?.state();
    const parsed = fw
      ? parseGatewayIngresses(this.#gatewayIngresses(fw, policy, scope), {
          ingressClasses: fw.ingressClasses(),
        })
      : { routes: [], issues: [] };

    const status = buildDrStatus({
      entityRef,
      now,
      policy,
      problems,
      fleet: { clusterId: fleet.clusterId, name: fleet.name },
      members,
      workloads,
      memo: this.#memos.get(entityRef),
      argoCdApplications: argoCdApplicationsFor(
        fw?.applications(),
        { policy, selector, allows: ns => scope.allowsAnywhere(ns) },
        this.#links.argoCdUrlPattern,
      ),
      gateway: {
        reachable: fstate?.reachable ?? false,
        lastSyncAt: fstate?.lastSyncAt,
        message: fstate?.message,
        routes: parsed.routes,
        issues: parsed.issues,
      },
    });
    this.#memos.remember(status);
    return status;
  }

  /**
   * Every route of a Fleet's MSE Ingresses and the state of its watch, from
   * memory (the Fleet's gateway page); undefined for a Fleet not known.
   */
  fleetGateway(fleetId: string) {
    const fleet = this.#fleets.get(fleetId);
    const fw = this.#fleetWatches.get(fleetId);
    if (!fleet || !fw) return undefined;
    const state = fw.state();
    return {
      name: fleet.name,
      reachable: state.reachable,
      lastSyncAt: state.lastSyncAt,
      message: state.message,
      ...parseGatewayIngresses(fw.ingressesFor({ requirements: [] }), {
        ingressClasses: fw.ingressClasses(),
      }),
    };
  }
}
