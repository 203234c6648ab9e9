import { retryAfterMs } from '@internal/plugin-ack-one-node';
import { statusOf } from './requests';

/** Seams for tests: timers and randomness. */
export interface Timers {
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** A number in [0, 1). */
  random(): number;
}

export const REAL_TIMERS: Timers = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
  random: () => Math.random(),
};

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(
  timers: Timers,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    let cancel = () => {};
    const done = () => {
      cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    cancel = timers.after(ms, done);
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface BackoffOptions {
  /** First wait after a failure. */
  baseMs: number;
  /** Longest wait. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": after the n-th failure in a row
 * the wait is in [d/2, d) with d = min(max, base * 2^(n-1)), so it grows
 * even when the random draws are low.
 */
export class Backoff {
  readonly #options: BackoffOptions;
  readonly #random: () => number;
  #failures = 0;

  constructor(options: BackoffOptions, random: () => number) {
    this.#options = options;
    this.#random = random;
  }

  /** Failures since the last reset. */
  get failures(): number {
    return this.#failures;
  }

  /** Counts one more failure and returns the wait before the next attempt. */
  fail(): number {
    this.#failures++;
    const d = Math.min(
      this.#options.maxMs,
      this.#options.baseMs * 2 ** Math.min(this.#failures - 1, 30),
    );
    return d / 2 + this.#random() * (d / 2);
  }

  /** A short random pause (below the base), for a reconnect after a healthy run. */
  pause(): number {
    return this.#random() * this.#options.baseMs;
  }

  reset(): void {
    this.#failures = 0;
  }
}

/** Longest wait a `Retry-After` may impose (a larger value is capped). */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * The wait a throttled (429) or unavailable (503) answer asks for in its
 * `Retry-After` header, if any, capped at `MAX_RETRY_AFTER_MS`.
 */
export function retryAfterOf(e: unknown): number | undefined {
  const status = statusOf(e);
  if (status !== 429 && status !== 503) return undefined;
  const ms = retryAfterMs(e);
  return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}
