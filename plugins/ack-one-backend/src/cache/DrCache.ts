import type { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ACK_ONE_SERVICE_ANNOTATIONS,
  buildDrStatus,
  clusterLocationOf,
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
  redact,
  type AckOneClusterRef,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import type { LivenessOptions } from './Liveness';
import type { ReflectorOptions } from './Reflector';
import { namespaceScope } from './NamespaceScope';
import { toWorkloadInput } from './workloadInput';
import { WatchedFleet, WatchedMemberCluster } from './WatchedCluster';

interface FleetEntry {
  account: string;
  region: string;
  clusterId: string;
  name: string;
  members: MemberEntry[];
}

interface MemberEntry {
  clusterId: string;
  name: string;
  clusterType?: string;
  location?: 'idc' | 'cloud';
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
 * The DR status cache: finds every Fleet of the configured ACK One
 * accounts and its member clusters, keeps a list + watch of each member's
 * Deployments, StatefulSets and HPAs and of each Fleet's gateway Ingresses,
 * and answers status requests from memory.
 */
export class DrCache {
  readonly #ackOne: AckOneService;
  readonly #logger: LoggerService;
  readonly #refreshMs: number;
  readonly #liveness?: LivenessOptions;
  readonly #requests?: Partial<ReflectorOptions>;
  readonly #ruleOf: (account: string) => NamespaceScopeRule;
  readonly #fleets = new Map<string, FleetEntry>();
  readonly #members = new Map<string, WatchedMemberCluster>();
  readonly #fleetWatches = new Map<string, WatchedFleet>();
  readonly #regionErrors = new Map<string, string>();
  #failedRounds = 0;
  #firstDiscovery?: Promise<void>;
  #timer?: NodeJS.Timeout;
  #stopped = false;

  constructor(options: {
    ackOne: AckOneService;
    logger: LoggerService;
    refreshMs?: number;
    /** How the API servers are probed (default every 10 s, 5 s timeout). */
    liveness?: LivenessOptions;
    /**
     * Deadlines and pacing of list and watch requests (default: 30 s per
     * list page, 15 s for a watch to be accepted).
     */
    requests?: Partial<ReflectorOptions>;
  }) {
    this.#ackOne = options.ackOne;
    this.#logger = options.logger;
    this.#refreshMs = options.refreshMs ?? 60_000;
    this.#liveness = options.liveness;
    this.#requests = options.requests;
    const rules = new Map(
      this.#ackOne.listAccounts().map(a => [a.id, a.namespaceScope]),
    );
    this.#ruleOf = account => rules.get(account) ?? 'namespace-label';
  }

  /** Starts discovery (and then the watches) in the background. */
  start(): void {
    this.#stopped = false;
    this.#firstDiscovery = this.#discoverLoop();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const w of this.#members.values()) w.stop();
    for (const w of this.#fleetWatches.values()) w.stop();
    this.#members.clear();
    this.#fleetWatches.clear();
  }

  /** Resolves once the first discovery has run (whatever its outcome). */
  async ready(): Promise<void> {
    await this.#firstDiscovery;
  }

  /** Objects held, per cluster id (benchmarks, diagnostics). */
  sizes(): Record<string, number> {
    return Object.fromEntries(
      [...this.#members.entries()].map(([id, w]) => [id, w.size()]),
    );
  }

  async #discoverLoop(): Promise<void> {
    const first = !this.#timer;
    const started = Date.now();
    try {
      await this.discover();
    } catch (e) {
      this.#logger.warn(`DR discovery failed: ${redact(String(e))}`);
    }
    if (first) this.#logWhenSynced(started);
    if (this.#stopped) return;
    // A region that could not be read is tried again soon (1 s, 2 s, 4 s,
    // ... up to the refresh interval) rather than at the next refresh.
    this.#failedRounds = this.#regionErrors.size ? this.#failedRounds + 1 : 0;
    const delay = this.#failedRounds
      ? Math.min(this.#refreshMs, 1000 * 2 ** (this.#failedRounds - 1))
      : this.#refreshMs;
    this.#timer = setTimeout(() => {
      void this.#discoverLoop();
    }, delay);
    this.#timer.unref?.();
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

  /** Reads Fleets and members from ACK One and starts or stops watches to match. */
  async discover(): Promise<void> {
    const seenRegions = new Set<string>();
    const found = new Map<string, FleetEntry>();
    for (const account of this.#ackOne.listAccounts()) {
      for (const region of account.regions) {
        const where = `${account.id}/${region}`;
        try {
          const [fleets, clusters] = await Promise.all([
            this.#ackOne.listFleets(account.id, region),
            this.#ackOne.listClusters(account.id, region),
          ]);
          const typeOf = new Map(
            clusters.map(c => [c.clusterId, c.clusterType]),
          );
          for (const f of fleets) {
            const members = await this.#ackOne.listManagedClusters(
              account.id,
              region,
              f.clusterId,
            );
            found.set(f.clusterId, {
              account: account.id,
              region,
              clusterId: f.clusterId,
              name: f.name,
              members: members.map(m => {
                const clusterType = typeOf.get(m.clusterId) ?? m.clusterType;
                return {
                  clusterId: m.clusterId,
                  name: m.name,
                  clusterType,
                  location: clusterType
                    ? clusterLocationOf(clusterType)
                    : undefined,
                };
              }),
            });
          }
          seenRegions.add(where);
          this.#regionErrors.delete(where);
        } catch (e) {
          const message = redact(e instanceof Error ? e.message : String(e));
          this.#regionErrors.set(where, message);
          this.#logger.warn(
            `cannot read ACK One Fleets of ${where}; keeping what was known: ${message}`,
          );
        }
      }
    }
    // Regions that failed keep their previous Fleets.
    for (const [id, f] of this.#fleets)
      if (!seenRegions.has(`${f.account}/${f.region}`) && !found.has(id))
        found.set(id, f);
    this.#fleets.clear();
    for (const [id, f] of found) this.#fleets.set(id, f);
    if (this.#stopped) return;
    this.#reconcileWatches();
  }

  #reconcileWatches() {
    const wantMembers = new Map<
      string,
      { fleet: FleetEntry; m: MemberEntry }
    >();
    for (const f of this.#fleets.values())
      for (const m of f.members) wantMembers.set(m.clusterId, { fleet: f, m });
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
      if (!this.#fleets.has(id)) {
        w.stop();
        w.forgetCredentials();
        this.#fleetWatches.delete(id);
      }
    for (const f of this.#fleets.values()) {
      if (this.#fleetWatches.has(f.clusterId)) continue;
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

  #memberStatus(m: MemberEntry, watched?: WatchedMemberCluster) {
    const state = watched?.state();
    return {
      clusterId: m.clusterId,
      name: m.name,
      location: m.location,
      reachable: state?.reachable ?? false,
      lastSyncAt: state?.lastSyncAt,
      message:
        state?.message ??
        (state?.synced === false ? 'connecting to the API server' : undefined),
    };
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
    const empty = (extra: DrProblem[] = []): DrStatus => ({
      entityRef,
      generatedAt: now.toISOString(),
      policy,
      problems: [...problems, ...extra],
      clusters: [],
      workloads: [],
      parity: {
        state: 'unknown',
        findings: [
          {
            state: 'unknown',
            rule: 'configuration',
            message:
              'The DR annotations need fixing before parity can be judged.',
          },
        ],
      },
      gateway: { reachable: false, routes: [], issues: [] },
      capacity: [],
      warnings: [],
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
      return this.#memberStatus(m, watched);
    });

    const fw = this.#fleetWatches.get(fleet.clusterId);
    const fstate = fw?.state();
    const parsed = fw
      ? parseGatewayIngresses(this.#gatewayIngresses(fw, policy, scope), {
          ingressClasses: fw.ingressClasses(),
        })
      : { routes: [], issues: [] };

    return buildDrStatus({
      entityRef,
      now,
      policy,
      problems,
      fleet: { clusterId: fleet.clusterId, name: fleet.name },
      members,
      workloads,
      gateway: {
        reachable: fstate?.reachable ?? false,
        lastSyncAt: fstate?.lastSyncAt,
        message: fstate?.message,
        routes: parsed.routes,
        issues: parsed.issues,
      },
    });
  }
}
