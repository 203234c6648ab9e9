import type { LoggerService } from '@backstage/backend-plugin-api';
import { redact } from '@internal/plugin-ack-one-node';
import type { KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig handed out, and which credentials generation it belongs to. */
export interface CredentialsLease {
  kc: KubeConfig;
  generation: number;
}

/**
 * The credentials of one API server, shared by its watches and its probe.
 * They are read from ACK One on every (re)connection (ACK One caches them
 * until they expire). When ACK One cannot be read, the last KubeConfig that
 * worked is used again, unless the API server rejected it. A 401 drops the
 * cached kubeconfig once per generation, however many watches saw it.
 */
export class Credentials {
  readonly #fetch: () => Promise<KubeConfig>;
  readonly #invalidate: () => void;
  readonly #logger: LoggerService;
  #generation = 0;
  #last?: { kc: KubeConfig; generation: number; rejected: boolean };
  #fetchFailing = false;

  constructor(options: {
    fetch: () => Promise<KubeConfig>;
    invalidate?: () => void;
    logger: LoggerService;
  }) {
    this.#fetch = options.fetch;
    this.#invalidate = options.invalidate ?? (() => {});
    this.#logger = options.logger;
  }

  /**
   * A KubeConfig to connect with: freshly read, or the last good one when
   * ACK One fails. Throws when there is none to fall back on.
   */
  async get(): Promise<CredentialsLease> {
    const generation = this.#generation;
    let kc: KubeConfig;
    try {
      kc = await this.#fetch();
    } catch (e) {
      const message = redact(e instanceof Error ? e.message : String(e));
      const last = this.#last;
      if (last && !last.rejected && last.generation === this.#generation) {
        if (!this.#fetchFailing)
          this.#logger.warn(
            `cannot read the credentials of this API server from ACK One; using the previous ones: ${message}`,
          );
        this.#fetchFailing = true;
        return { kc: last.kc, generation: last.generation };
      }
      throw new Error(
        `cannot read the credentials of this API server from ACK One: ${message}`,
      );
    }
    this.#fetchFailing = false;
    // Credentials read before an invalidation may be the rejected ones.
    if (generation === this.#generation)
      this.#last = { kc, generation, rejected: false };
    return { kc, generation };
  }

  /**
   * The API server answered 401 to `lease`: drops the kubeconfig ACK One
   * handed out, unless that was done already since the lease was issued.
   */
  rejected(lease: CredentialsLease): void {
    if (lease.generation !== this.#generation) return;
    if (this.#last?.generation === lease.generation) this.#last.rejected = true;
    this.#generation++;
    this.#invalidate();
  }

  /** Drops the cached kubeconfig (the server left the inventory). */
  forget(): void {
    this.#generation++;
    this.#last = undefined;
    this.#invalidate();
  }
}
