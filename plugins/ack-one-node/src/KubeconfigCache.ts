import { stringifyError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AckOneClusterRef } from './clusterRef';
import { redact } from './errors';
import {
  checkApiServerUrl,
  connectionSecrets,
  parseKubeconfig,
} from './kubeconfig';
import type { AckOneKubeconfig } from './types';

/** Kubeconfigs are refreshed this long before they expire. */
export const KUBECONFIG_REFRESH_MARGIN_MS = 5 * 60_000;
/** A cached kubeconfig is no longer used this long before it expires. */
export const KUBECONFIG_EXPIRY_MARGIN_MS = 30_000;
/** Kubeconfigs without an expiration (Fleets) are re-read this often. */
export const KUBECONFIG_DEFAULT_TTL_MS = 30 * 60_000;
/** After a failed refresh, the cloud is asked again at most this often. */
export const KUBECONFIG_FAILED_REFRESH_RETRY_MS = 30_000;

/** What the cloud returns for a kubeconfig. */
export interface LoadedKubeconfig {
  config: string;
  expiration?: Date;
}

/**
 * Which cached kubeconfigs `retain` may drop.
 *
 * @public
 */
export interface KubeconfigScope {
  account: string;
  /** Only this region of the account. */
  region?: string;
  /** Only member clusters or only Fleets. */
  kind?: AckOneClusterRef['kind'];
}

interface Entry {
  ref: AckOneClusterRef;
  /** `kind/account/region/clusterId`: what invalidation matches on. */
  id: string;
  value?: AckOneKubeconfig;
  /** When to ask the cloud again. */
  refreshAt: number;
  /** Until when `value` may be used if a refresh fails. */
  validUntil: number;
  pending?: Promise<AckOneKubeconfig>;
}

/** The identity of a member cluster or Fleet in the cache. */
export function kubeconfigCacheId(ref: AckOneClusterRef): string {
  return `${ref.kind}/${ref.account}/${ref.region}/${ref.clusterId}`;
}

function describe(ref: AckOneClusterRef): string {
  return `${ref.kind} ${ref.clusterId} (account ${ref.account}, region ${ref.region})`;
}

/**
 * Kubeconfigs of member clusters and Fleets, shared by every caller. A
 * kubeconfig is refreshed shortly before it expires; when that refresh
 * fails, the cached one is used (and a warning logged) until its
 * credentials really expire. Concurrent callers share one fetch.
 */
export class KubeconfigCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #logger?: LoggerService;

  constructor(options: { now: () => number; logger?: LoggerService }) {
    this.#now = options.now;
    this.#logger = options.logger;
  }

  /**
   * The cached kubeconfig of `ref`, or a new one from `load`. `variant`
   * separates kubeconfigs of one cluster that differ (public or private
   * address).
   */
  get(
    ref: AckOneClusterRef,
    variant: string,
    load: () => Promise<LoadedKubeconfig>,
  ): Promise<AckOneKubeconfig> {
    const key = `${kubeconfigCacheId(ref)}#${variant}`;
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry?.pending) return entry.pending;
    if (entry?.value && entry.refreshAt > now) {
      return Promise.resolve(entry.value);
    }
    const next: Entry = entry ?? {
      ref,
      id: kubeconfigCacheId(ref),
      refreshAt: 0,
      validUntil: 0,
    };
    this.#entries.set(key, next);
    const pending = this.#fetch(ref, load).then(
      fresh => {
        this.#store(next, fresh);
        return fresh.value;
      },
      error => this.#fallBack(ref, key, next, error),
    );
    next.pending = pending;
    return pending;
  }

  /** Drops the kubeconfigs of a member cluster or Fleet (e.g. after a 401). */
  invalidate(ref: AckOneClusterRef): void {
    const id = kubeconfigCacheId(ref);
    for (const [key, entry] of this.#entries) {
      if (entry.id === id) this.#entries.delete(key);
    }
  }

  /**
   * Drops the kubeconfigs of every member cluster and Fleet not in `refs`;
   * with a `scope`, only those within it.
   */
  retain(refs: Iterable<AckOneClusterRef>, scope?: KubeconfigScope): void {
    const keep = new Set([...refs].map(kubeconfigCacheId));
    const inScope = ({ ref }: Entry) =>
      !scope ||
      (ref.account === scope.account &&
        (!scope.region || ref.region === scope.region) &&
        (!scope.kind || ref.kind === scope.kind));
    for (const [key, entry] of this.#entries) {
      if (inScope(entry) && !keep.has(entry.id)) this.#entries.delete(key);
    }
  }

  async #fetch(
    ref: AckOneClusterRef,
    load: () => Promise<LoadedKubeconfig>,
  ): Promise<{
    value: AckOneKubeconfig;
    refreshAt: number;
    validUntil: number;
  }> {
    const { config, expiration } = await load();
    const what = describe(ref);
    let connection;
    try {
      connection = parseKubeconfig(config);
      checkApiServerUrl(connection.server, what);
    } catch (e) {
      throw new Error(`unusable kubeconfig for ${what}: ${stringifyError(e)}`);
    }
    const now = this.#now();
    const expires = expiration?.getTime();
    return {
      value: { config, expiration, connection, clusterId: ref.clusterId },
      refreshAt:
        expires !== undefined
          ? expires - KUBECONFIG_REFRESH_MARGIN_MS
          : now + KUBECONFIG_DEFAULT_TTL_MS,
      validUntil:
        expires !== undefined
          ? expires - KUBECONFIG_EXPIRY_MARGIN_MS
          : now + 2 * KUBECONFIG_DEFAULT_TTL_MS,
    };
  }

  /** An entry dropped while loading keeps its result to itself. */
  #store(
    entry: Entry,
    fresh: { value: AckOneKubeconfig; refreshAt: number; validUntil: number },
  ) {
    entry.pending = undefined;
    entry.value = fresh.value;
    entry.refreshAt = fresh.refreshAt;
    entry.validUntil = fresh.validUntil;
  }

  #fallBack(
    ref: AckOneClusterRef,
    key: string,
    entry: Entry,
    error: unknown,
  ): AckOneKubeconfig {
    entry.pending = undefined;
    const now = this.#now();
    const last = entry.value;
    if (!last || entry.validUntil <= now || this.#entries.get(key) !== entry) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
    entry.refreshAt = Math.min(
      now + KUBECONFIG_FAILED_REFRESH_RETRY_MS,
      entry.validUntil,
    );
    const message = redact(
      stringifyError(error),
      connectionSecrets(last.connection),
    );
    this.#logger?.warn(
      `ack-one: refreshing the kubeconfig of ${describe(
        ref,
      )} failed; using the cached one, valid until ${new Date(
        entry.validUntil,
      ).toISOString()}: ${message}`,
    );
    return last;
  }
}
