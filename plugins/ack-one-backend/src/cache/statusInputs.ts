import {
  drStatusMemoOf,
  type DrArgoCdApplication,
  type DrMemberInput,
  type DrPolicy,
  type DrProblem,
  type DrStatus,
  type DrStatusMemo,
  type LabelSelector,
  matchesLabelSelector,
} from '@internal/plugin-ack-one-common';
import type { Config } from '@backstage/config';
import type { ApplicationSummary } from './kinds';
import type { WatchState } from './WatchedCluster';

/** Links the DR status offers, from `ackOne.consoleUrlPattern` and `ackOne.argoCdUrlPattern`. */
export interface DrLinkPatterns {
  /** A cluster's console page; `{clusterId}` and `{regionId}` are filled in. */
  consoleUrlPattern?: string;
  /** An Argo CD Application's page; `{name}` and `{namespace}` are filled in. */
  argoCdUrlPattern?: string;
}

function readPattern(
  config: Config,
  key: string,
  placeholders: string[],
): string | undefined {
  const pattern = config.getOptionalString(key)?.trim();
  if (!pattern) return undefined;
  const unknown = [...pattern.matchAll(/\{(\w*)\}/g)]
    .map(m => m[1])
    .filter(p => !placeholders.includes(p));
  if (!/^https?:\/\/[^\s]+$/.test(pattern) || unknown.length)
    throw new Error(
      `${key} must be an http(s) URL whose only placeholders are ${placeholders
        .map(p => `{${p}}`)
        .join(' and ')}, not "${pattern}"`,
    );
  return pattern;
}

/** Reads `ackOne.consoleUrlPattern` and `ackOne.argoCdUrlPattern`; throws on a malformed one. */
export function readDrLinkPatterns(config: Config): DrLinkPatterns {
  return {
    consoleUrlPattern: readPattern(config, 'ackOne.consoleUrlPattern', [
      'clusterId',
      'regionId',
    ]),
    argoCdUrlPattern: readPattern(config, 'ackOne.argoCdUrlPattern', [
      'name',
      'namespace',
    ]),
  };
}

/** Fills `{placeholders}` with URL-encoded values; unknown ones stay as written. */
export function fillPattern(
  pattern: string,
  values: Record<string, string>,
): string {
  return pattern.replace(/\{(\w+)\}/g, (all, key: string) =>
    key in values ? encodeURIComponent(values[key]) : all,
  );
}

/** The status of a service whose annotations, Fleet or scope do not resolve. */
export function unresolvedStatus(options: {
  entityRef: string;
  now: Date;
  policy?: DrPolicy;
  problems: DrProblem[];
}): DrStatus {
  return {
    entityRef: options.entityRef,
    generatedAt: options.now.toISOString(),
    state: 'unknown',
    policy: options.policy,
    problems: options.problems,
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
  };
}

/** A member as the DR status reads it, from the state of its watches. */
export function memberInput(
  m: {
    clusterId: string;
    name: string;
    location?: 'idc' | 'cloud';
    notConnectable?: string;
  },
  state: WatchState | undefined,
  consoleUrl: string | undefined,
): DrMemberInput {
  const connecting =
    !m.notConnectable && !state?.reachable && !state?.synced && !state?.message;
  return {
    clusterId: m.clusterId,
    name: m.name,
    location: m.location,
    reachable: state?.reachable ?? false,
    lastSyncAt: state?.lastSyncAt,
    message:
      state?.message ??
      m.notConnectable ??
      (connecting ? 'connecting to the API server' : undefined),
    connecting,
    consoleUrl,
  };
}

/**
 * The Fleet's Argo CD Applications that deploy a service: those labelled
 * for it (its label selector), or whose destination is the namespace it
 * names; only in namespaces its scope lets it read.
 */
export function argoCdApplicationsFor(
  apps: ApplicationSummary[] | undefined,
  service: {
    policy: DrPolicy;
    selector: LabelSelector;
    allows: (namespace: string) => boolean;
  },
  urlPattern?: string,
): DrArgoCdApplication[] | undefined {
  if (!apps) return undefined;
  const namespace = service.policy.selector.namespace;
  return apps
    .filter(a => {
      const ns = a.destinationNamespace;
      if (!ns || !service.allows(ns)) return false;
      return namespace !== undefined
        ? ns === namespace
        : matchesLabelSelector(service.selector, a.labels);
    })
    .map(a => {
      const out: DrArgoCdApplication = { name: a.name, namespace: a.namespace };
      if (urlPattern)
        out.url = fillPattern(urlPattern, {
          name: a.name,
          namespace: a.namespace,
        });
      if (a.syncStatus) out.syncStatus = a.syncStatus;
      if (a.healthStatus) out.healthStatus = a.healthStatus;
      return out;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What the cache remembers of each service's last DR status (to date a
 * failover), for at most `limit` services, the least recently asked
 * forgotten first.
 */
export class StatusMemos {
  readonly #memos = new Map<string, DrStatusMemo>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  get(entityRef: string): DrStatusMemo | undefined {
    return this.#memos.get(entityRef);
  }

  remember(status: DrStatus) {
    this.#memos.delete(status.entityRef);
    this.#memos.set(status.entityRef, drStatusMemoOf(status));
    if (this.#memos.size > this.#limit) {
      const oldest = this.#memos.keys().next().value;
      if (oldest !== undefined) this.#memos.delete(oldest);
    }
  }
}
