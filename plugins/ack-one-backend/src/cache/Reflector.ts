import type { LoggerService } from '@backstage/backend-plugin-api';
import { redact } from '@internal/plugin-ack-one-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '@internal/plugin-ack-one-node';

type K8s = Awaited<ReturnType<typeof loadKubernetesClient>>;

/** One kind of object to keep in memory, and how to list and watch it. */
export interface ResourceKind<T> {
  /** For messages, e.g. `deployments`. */
  name: string;
  /** Watch path for all namespaces, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  /** One page of the list call. */
  list(
    k8s: K8s,
    kc: KubeConfig,
    page: { limit: number; _continue?: string },
  ): Promise<{
    items: any[];
    metadata?: { resourceVersion?: string; _continue?: string };
  }>;
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

const PAGE = 500;

function errorMessage(e: unknown): string {
  const any = e as any;
  const code = any?.code ?? any?.cause?.code;
  const status = any?.code ?? any?.statusCode ?? any?.response?.statusCode;
  let text = any?.message ?? String(e);
  if (code === 'ECONNREFUSED')
    text =
      'the API server refused the connection (is it down, or is the leased line cut?)';
  else if (typeof status === 'number' && status === 401)
    text = 'the API server rejected the credentials ACK One issued (401)';
  else if (typeof status === 'number' && status === 403)
    text = 'the credentials ACK One issued may not list this resource (403)';
  else if (typeof status === 'number' && status >= 500)
    text = `the API server answered ${status}`;
  return redact(String(text)).slice(0, 300);
}

/**
 * List + watch of one resource type on one API server, kept in memory as
 * summaries (`namespace/name` → summary). Reconnects with capped backoff,
 * re-lists on 410 Gone, and re-reads credentials on every connection.
 */
export class Reflector<T> {
  readonly items = new Map<string, T>();
  readonly #kind: ResourceKind<T>;
  readonly #kubeConfig: () => Promise<KubeConfig>;
  readonly #logger: LoggerService;
  readonly #onChange: (key: string, value: T | undefined) => void;
  #connected = false;
  #synced = false;
  #lastSyncAt?: Date;
  #message?: string;
  #abort?: AbortController;
  #timer?: NodeJS.Timeout;
  #stopped = false;
  #failures = 0;
  #resourceVersion?: string;
  #generation = 0;

  constructor(options: {
    kind: ResourceKind<T>;
    kubeConfig: () => Promise<KubeConfig>;
    logger: LoggerService;
    onChange?: (key: string, value: T | undefined) => void;
  }) {
    this.#kind = options.kind;
    this.#kubeConfig = options.kubeConfig;
    this.#logger = options.logger;
    this.#onChange = options.onChange ?? (() => {});
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
    this.#stopped = false;
    void this.#run(true);
  }

  stop(): void {
    this.#stopped = true;
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /**
   * Drops the current watch as lost (a liveness probe found the API server
   * silent: a watch over a cut line can hang without an error) and
   * reconnects with backoff.
   */
  reconnect(reason: string, lastKnownCurrent?: Date): void {
    if (this.#stopped) return;
    this.#generation++;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#disconnected(new Error(reason), lastKnownCurrent);
  }

  #disconnected(e: unknown, lastKnownCurrent?: Date) {
    if (this.#connected) this.#lastSyncAt = lastKnownCurrent ?? new Date();
    this.#connected = false;
    this.#message = errorMessage(e);
    this.#failures++;
    const delay = Math.min(10_000, 250 * 2 ** Math.min(this.#failures, 6));
    const jittered = delay / 2 + Math.random() * (delay / 2);
    if (this.#failures === 1 || this.#failures % 10 === 0)
      this.#logger.info(
        `watch of ${this.#kind.name} lost: ${this.#message}; retrying`,
      );
    this.#schedule(true, jittered);
  }

  #schedule(relist: boolean, ms: number) {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(relist), ms);
  }

  async #run(relist: boolean): Promise<void> {
    if (this.#stopped) return;
    const generation = ++this.#generation;
    try {
      const kc = await this.#kubeConfig();
      const k8s = await loadKubernetesClient();
      if (relist || !this.#resourceVersion)
        await this.#list(k8s, kc, generation);
      if (generation !== this.#generation) return;
      await this.#watch(k8s, kc, generation);
    } catch (e) {
      if (generation === this.#generation) this.#disconnected(e);
    }
  }

  async #list(k8s: K8s, kc: KubeConfig, generation: number) {
    const fresh = new Map<string, T>();
    let _continue: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await this.#kind.list(k8s, kc, { limit: PAGE, _continue });
      if (generation !== this.#generation) return;
      for (const obj of page.items)
        fresh.set(keyOf(obj), this.#kind.summarize(obj));
      resourceVersion = page.metadata?.resourceVersion;
      _continue = page.metadata?._continue || undefined;
    } while (_continue);
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

  async #watch(k8s: K8s, kc: KubeConfig, generation: number) {
    const watch = new k8s.Watch(kc);
    let gone = false;
    const abort = await watch.watch(
      this.#kind.path,
      {
        allowWatchBookmarks: true,
        resourceVersion: this.#resourceVersion,
        timeoutSeconds: 240 + Math.floor(Math.random() * 60),
      },
      (type, obj) => {
        if (generation !== this.#generation) return;
        if (type === 'ERROR') {
          if (obj?.code === 410) gone = true;
          return;
        }
        const rv = obj?.metadata?.resourceVersion;
        if (rv) this.#resourceVersion = rv;
        if (type === 'BOOKMARK') return;
        const key = keyOf(obj);
        if (type === 'DELETED') {
          this.items.delete(key);
          this.#onChange(key, undefined);
        } else {
          const v = this.#kind.summarize(obj);
          this.items.set(key, v);
          this.#onChange(key, v);
        }
      },
      err => {
        if (generation !== this.#generation || this.#stopped) return;
        if (err && (err as any)?.name !== 'AbortError') {
          this.#disconnected(err);
        } else if (gone) {
          this.#schedule(true, 0);
        } else {
          // The server ended the watch (timeout): continue from where it stopped.
          this.#schedule(false, 0);
        }
      },
    );
    if (generation !== this.#generation) {
      abort.abort();
      return;
    }
    this.#abort = abort;
    this.#connected = true;
    this.#synced = true;
    this.#failures = 0;
    this.#message = undefined;
  }
}

export function keyOf(obj: any): string {
  const ns = obj?.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : String(obj?.metadata?.name);
}
