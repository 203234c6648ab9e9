import type { LoggerService } from '@backstage/backend-plugin-api';
import { redact } from '@internal/plugin-ack-one-node';
import { probeApiServer } from '../util';
import type { Credentials, CredentialsLease } from './Credentials';
import { plainReason } from '../service/reasons';
import { describeError, statusOf } from './requests';

export interface LivenessOptions {
  /** Pause between two probes. */
  intervalMs: number;
  /** A probe that takes longer fails (and its connection is closed). */
  timeoutMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
};

/** What one probe found. */
type ProbeResult =
  | { kind: 'alive' }
  /** No answer in time, or no connection: watches may hang silently. */
  | { kind: 'dead'; message: string }
  /** It answered, but not to these credentials. */
  | { kind: 'rejected'; message: string }
  /** No credentials to probe with; nothing is known. */
  | { kind: 'skipped' };

/**
 * Probes an API server (`GET /version`) at an interval, one probe at a
 * time, each aborted at its deadline. A watch over a leased line that is
 * cut without a reset can hang with no error; the probe notices, so the
 * cluster is reported unreachable and its watches are re-established.
 */
export class Liveness {
  readonly #credentials: Credentials;
  readonly #options: LivenessOptions;
  readonly #onDead: (reason: string, lastAlive?: Date) => void;
  readonly #logger: LoggerService;
  #timer?: NodeJS.Timeout;
  #inFlight?: AbortController;
  #stopped = true;
  #failing?: 'dead' | 'rejected';
  #lastAlive?: Date;
  #message?: string;

  constructor(options: {
    credentials: Credentials;
    options: LivenessOptions;
    logger: LoggerService;
    onDead: (reason: string, lastAlive?: Date) => void;
  }) {
    this.#credentials = options.credentials;
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
    this.#inFlight?.abort();
  }

  /** Failing since the last probe, with why, and the last time it answered. */
  state(): { failing: boolean; message?: string; lastAlive?: Date } {
    return {
      failing: this.#failing !== undefined,
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
    const abort = new AbortController();
    this.#inFlight = abort;
    try {
      const result = await this.#probeWithRetry(abort.signal);
      if (!this.#stopped) this.#record(result);
    } finally {
      this.#inFlight = undefined;
      this.#schedule();
    }
  }

  /** Probes; after a 401, once more at once with credentials read again. */
  async #probeWithRetry(signal: AbortSignal): Promise<ProbeResult> {
    const first = await this.#probeOnce(signal);
    if (first.kind !== 'rejected' || signal.aborted) return first;
    const second = await this.#probeOnce(signal);
    return second.kind === 'rejected'
      ? {
          kind: 'rejected',
          message:
            'the API server rejected the credentials ACK One issued (401), also after they were read again',
        }
      : second;
  }

  async #probeOnce(signal: AbortSignal): Promise<ProbeResult> {
    let lease: CredentialsLease;
    try {
      lease = await this.#credentials.get();
    } catch (e) {
      this.#logger.debug(`liveness probe skipped: ${describeError(e)}`);
      return { kind: 'skipped' };
    }
    try {
      await probeApiServer(lease.kc, this.#options.timeoutMs, signal);
      return { kind: 'alive' };
    } catch (e) {
      // The plain reason is shown; the error itself (redacted) is logged.
      this.#logger.debug(
        `liveness probe failed: ${redact(
          e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        )}`,
      );
      if (statusOf(e) !== 401) return { kind: 'dead', message: plainReason(e) };
      this.#credentials.rejected(lease);
      return { kind: 'rejected', message: plainReason(e) };
    }
  }

  #record(result: ProbeResult) {
    if (result.kind === 'skipped') return;
    if (result.kind === 'alive') {
      if (this.#failing)
        this.#logger.info('the API server answers its liveness probe again');
      this.#failing = undefined;
      this.#lastAlive = new Date();
      return;
    }
    const was = this.#failing;
    this.#failing = result.kind;
    this.#message = result.message;
    if (was === result.kind) return;
    this.#logger.info(`liveness probe failed: ${result.message}`);
    // A server that answers is not silent: its watches are not hung.
    if (result.kind === 'dead') this.#onDead(result.message, this.#lastAlive);
  }
}
