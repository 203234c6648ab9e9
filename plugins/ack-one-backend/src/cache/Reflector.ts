import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig } from '@kubernetes/client-node';
import { Backoff, REAL_TIMERS, retryAfterOf, sleep, Timers } from './backoff';
import type { Credentials, CredentialsLease } from './Credentials';
import { describeError, kubeGetJson, openWatch, statusOf } from './requests';

/** One kind of object to keep in memory, and where to list and watch it. */
export interface ResourceKind<T> {
  /** For messages, e.g. `deployments`. */
  name: string;
  /** List and watch path for all namespaces, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  /** Keeps only what the DR status reads (memory stays small). */
  summarize(obj: any): T;
}

export interface ReflectorState {
  connected: boolean;
  /** Data was current at this time (now while connected; when it dropped otherwise). */
  lastSyncAt?: Date;
  /** Why it is disconnected, redacted. */
  message?: string;
}

/** Deadlines and pacing of the list and watch requests. */
export interface ReflectorOptions {
  /** Deadline of one list page request, body included. */
  requestTimeoutMs: number;
  /** Deadline for the API server to accept a watch (answer with headers). */
  watchOpenTimeoutMs: number;
  /** Server-side timeout asked for each watch, in seconds (up to 25 % more, at random). */
  watchTimeoutSeconds: number;
  /** A watch that ends sooner than this counts as a failure for the backoff. */
  minWatchMs: number;
  /** Reconnection backoff. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Objects per list page. */
  pageSize: number;
}

export const DEFAULT_REFLECTOR: ReflectorOptions = {
  requestTimeoutMs: 30_000,
  watchOpenTimeoutMs: 15_000,
  watchTimeoutSeconds: 240,
  minWatchMs: 10_000,
  backoffBaseMs: 500,
  backoffMaxMs: 15_000,
  pageSize: 500,
};

/** Time allowed past a watch's `timeoutSeconds` before it is closed from this side. */
const WATCH_GRACE_MS = 30_000;

/** How one attempt (list if needed, then watch) ended. */
type Outcome =
  | { kind: 'ended'; lived: number; gone: boolean }
  | {
      kind: 'failed';
      error: unknown;
      lived?: number;
      lease?: CredentialsLease;
    }
  | { kind: 'lost'; reason: string; lastKnownCurrent?: Date };

/**
 * List + watch of one resource type on one API server, kept in memory as
 * summaries (`namespace/name` → summary). Every request has a deadline and
 * is aborted (its connection closed) when it passes it or the reflector
 * stops. Reconnects with jittered exponential backoff (a watch the server
 * ends at once counts as a failure), honours `Retry-After`, re-lists on
 * 410 Gone, and re-reads credentials on every connection: a 401 drops
 * them and retries once at once with fresh ones.
 */
export class Reflector<T> {
  readonly items = new Map<string, T>();
  readonly #kind: ResourceKind<T>;
  readonly #credentials: Credentials;
  readonly #logger: LoggerService;
  readonly #onChange: (key: string, value: T | undefined) => void;
  readonly #options: ReflectorOptions;
  readonly #timers: Timers;
  readonly #backoff: Backoff;
  #connected = false;
  #synced = false;
  #lastSyncAt?: Date;
  #message?: string;
  #resourceVersion?: string;
  #relist = true;
  #unauthorized = false;
  #run?: AbortController;
  #attempt?: AbortController;
  #lost?: { reason: string; lastKnownCurrent?: Date };

  constructor(options: {
    kind: ResourceKind<T>;
    credentials: Credentials;
    logger: LoggerService;
    onChange?: (key: string, value: T | undefined) => void;
    options?: Partial<ReflectorOptions>;
    timers?: Timers;
  }) {
    this.#kind = options.kind;
    this.#credentials = options.credentials;
    this.#logger = options.logger;
    this.#onChange = options.onChange ?? (() => {});
    this.#options = { ...DEFAULT_REFLECTOR, ...options.options };
    this.#timers = options.timers ?? REAL_TIMERS;
    this.#backoff = new Backoff(
      {
        baseMs: this.#options.backoffBaseMs,
        maxMs: this.#options.backoffMaxMs,
      },
      this.#timers.random,
    );
  }

  get synced(): boolean {
    return this.#synced;
  }

  state(): ReflectorState {
    return {
      connected: this.#connected,
      lastSyncAt: this.#connected ? new Date() : this.#lastSyncAt,
      message: this.#message,
    };
  }

  start(): void {
    if (this.#run) return;
    const run = new AbortController();
    this.#run = run;
    void this.#loop(run.signal);
  }

  stop(): void {
    this.#run?.abort();
    this.#run = undefined;
  }

  /**
   * Drops the current watch as lost (a liveness probe found the API server
   * silent: a watch over a cut line can hang without an error) and
   * reconnects with backoff.
   */
  reconnect(reason: string, lastKnownCurrent?: Date): void {
    if (!this.#attempt || this.#attempt.signal.aborted) return;
    this.#lost = { reason, lastKnownCurrent };
    this.#attempt.abort();
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const outcome = await this.#connect(signal);
      if (signal.aborted) return;
      const delay = this.#delayAfter(outcome);
      if (delay > 0) await sleep(this.#timers, delay, signal);
    }
  }

  /** What to do after an attempt: updates the state, returns the wait. */
  #delayAfter(outcome: Outcome): number {
    if (outcome.kind === 'lost') {
      this.#disconnected(outcome.reason, outcome.lastKnownCurrent);
      return this.#backoff.fail();
    }
    if (
      outcome.lived !== undefined &&
      outcome.lived >= this.#options.minWatchMs
    )
      this.#backoff.reset();
    if (outcome.kind === 'ended') {
      if (outcome.gone) this.#relist = true;
      return outcome.lived >= this.#options.minWatchMs
        ? this.#backoff.pause()
        : this.#backoff.fail();
    }
    const { error, lease } = outcome;
    if (statusOf(error) === 401) {
      if (lease) this.#credentials.rejected(lease);
      if (!this.#unauthorized) {
        this.#unauthorized = true;
        return 0;
      }
      this.#disconnected(
        'the API server rejected the credentials ACK One issued (401), also after they were read again',
      );
      return this.#backoff.fail();
    }
    this.#unauthorized = false;
    if (statusOf(error) === 410) this.#relist = true;
    this.#disconnected(describeError(error));
    const normal = this.#backoff.fail();
    const retryAfter = retryAfterOf(error);
    if (retryAfter === undefined) return normal;
    return Math.max(normal, retryAfter + this.#backoff.pause());
  }

  #disconnected(message: string, lastKnownCurrent?: Date) {
    if (this.#connected) this.#lastSyncAt = lastKnownCurrent ?? new Date();
    this.#connected = false;
    this.#message = message;
    const failures = this.#backoff.failures + 1;
    if (failures === 1 || failures % 10 === 0)
      this.#logger.info(
        `watch of ${this.#kind.name} lost: ${message}; retrying`,
      );
  }

  /** One attempt: credentials, a list when needed, then the watch until it ends. */
  async #connect(runSignal: AbortSignal): Promise<Outcome> {
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    runSignal.addEventListener('abort', stop, { once: true });
    this.#attempt = attempt;
    this.#lost = undefined;
    let lease: CredentialsLease | undefined;
    let opened: number | undefined;
    try {
      lease = await this.#credentials.get();
      if (this.#relist || !this.#resourceVersion) {
        await this.#list(lease.kc, attempt.signal);
        this.#relist = false;
      }
      let gone = false;
      const watch = await this.#openWatch(lease.kc, attempt.signal, () => {
        gone = true;
      });
      opened = Date.now();
      this.#connected = true;
      this.#synced = true;
      this.#message = undefined;
      this.#unauthorized = false;
      const { error } = await watch.ended;
      const lived = Date.now() - opened;
      if (error && !attempt.signal.aborted)
        return { kind: 'failed', error, lived, lease };
      return this.#lostOr({ kind: 'ended', lived, gone });
    } catch (error) {
      const lived = opened === undefined ? undefined : Date.now() - opened;
      return this.#lostOr({ kind: 'failed', error, lived, lease });
    } finally {
      runSignal.removeEventListener('abort', stop);
      attempt.abort();
      this.#attempt = undefined;
    }
  }

  #lostOr(outcome: Outcome): Outcome {
    const lost = this.#lost;
    return lost ? { kind: 'lost', ...lost } : outcome;
  }

  async #list(kc: KubeConfig, signal: AbortSignal) {
    const fresh = new Map<string, T>();
    let _continue: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await kubeGetJson(
        kc,
        this.#kind.path,
        { limit: this.#options.pageSize, continue: _continue },
        { timeoutMs: this.#options.requestTimeoutMs, signal },
      );
      for (const obj of page?.items ?? [])
        fresh.set(keyOf(obj), this.#kind.summarize(obj));
      resourceVersion = page?.metadata?.resourceVersion;
      _continue = page?.metadata?.continue || undefined;
    } while (_continue);
    signal.throwIfAborted();
    for (const k of this.items.keys())
      if (!fresh.has(k)) {
        this.items.delete(k);
        this.#onChange(k, undefined);
      }
    for (const [k, v] of fresh) {
      this.items.set(k, v);
      this.#onChange(k, v);
    }
    this.#resourceVersion = resourceVersion;
  }

  #openWatch(kc: KubeConfig, signal: AbortSignal, onGone: () => void) {
    const { watchTimeoutSeconds } = this.#options;
    const timeoutSeconds = Math.max(
      1,
      Math.round(watchTimeoutSeconds * (1 + this.#timers.random() / 4)),
    );
    return openWatch(
      kc,
      this.#kind.path,
      {
        allowWatchBookmarks: true,
        resourceVersion: this.#resourceVersion,
        timeoutSeconds,
      },
      {
        timeoutMs: this.#options.watchOpenTimeoutMs,
        signal,
        maxLifetimeMs: timeoutSeconds * 1000 + WATCH_GRACE_MS,
        onEvent: (type, obj) => {
          if (signal.aborted) return;
          if (type === 'ERROR') {
            if (obj?.code === 410) onGone();
            return;
          }
          this.#apply(type, obj);
        },
      },
    );
  }

  #apply(type: string, obj: any) {
    const rv = obj?.metadata?.resourceVersion;
    if (rv) this.#resourceVersion = rv;
    if (type === 'BOOKMARK') return;
    const key = keyOf(obj);
    if (type === 'DELETED') {
      this.items.delete(key);
      this.#onChange(key, undefined);
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      const v = this.#kind.summarize(obj);
      this.items.set(key, v);
      this.#onChange(key, v);
    }
  }
}

export function keyOf(obj: any): string {
  const ns = obj?.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : String(obj?.metadata?.name);
}
