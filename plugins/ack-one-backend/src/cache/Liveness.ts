import type { LoggerService } from '@backstage/backend-plugin-api';
import { redact } from '@internal/plugin-ack-one-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { probeApiServer } from '../util';

export interface LivenessOptions {
  /** Pause between two probes. */
  intervalMs: number;
  /** A probe that takes longer fails. */
  timeoutMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
};

/**
 * Probes an API server (`GET /version`) at an interval. A watch over a
 * leased line that is cut without a reset can hang with no error; the
 * probe notices, so the cluster is reported unreachable and its watches
 * are re-established.
 */
export class Liveness {
  readonly #kubeConfig: () => Promise<KubeConfig>;
  readonly #options: LivenessOptions;
  readonly #onDead: (reason: string, lastAlive?: Date) => void;
  readonly #logger: LoggerService;
  #timer?: NodeJS.Timeout;
  #stopped = true;
  #failing = false;
  #lastAlive?: Date;
  #message?: string;

  constructor(options: {
    kubeConfig: () => Promise<KubeConfig>;
    options: LivenessOptions;
    logger: LoggerService;
    onDead: (reason: string, lastAlive?: Date) => void;
  }) {
    this.#kubeConfig = options.kubeConfig;
    this.#options = options.options;
    this.#onDead = options.onDead;
    this.#logger = options.logger;
  }

  start() {
    this.#stopped = false;
    this.#schedule();
  }

  stop() {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Failing since the last probe, with why, and the last time it answered. */
  state(): { failing: boolean; message?: string; lastAlive?: Date } {
    return {
      failing: this.#failing,
      message: this.#failing ? this.#message : undefined,
      lastAlive: this.#lastAlive,
    };
  }

  #schedule() {
    if (this.#stopped) return;
    this.#timer = setTimeout(
      () => void this.#probe(),
      this.#options.intervalMs,
    );
    this.#timer.unref?.();
  }

  async #probe() {
    try {
      await probeApiServer(await this.#kubeConfig(), this.#options.timeoutMs);
      if (this.#failing)
        this.#logger.info('the API server answers its liveness probe again');
      this.#failing = false;
      this.#lastAlive = new Date();
    } catch (e) {
      const message = redact(e instanceof Error ? e.message : String(e));
      if (!this.#failing && !this.#stopped) {
        this.#failing = true;
        this.#message = message;
        this.#logger.info(`liveness probe failed: ${message}`);
        this.#onDead(message, this.#lastAlive);
      }
    } finally {
      this.#schedule();
    }
  }
}
