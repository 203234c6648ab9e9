import { AckOneApiError } from './errors';

/** Backoff settings; all times in milliseconds. */
export interface RetryOptions {
  /** Attempts, the first included. */
  maxAttempts: number;
  /** Base of the exponential backoff. */
  baseDelayMs: number;
  /** Cap of a single wait. */
  maxDelayMs: number;
  /** Deadline of the whole call, retries included. */
  deadlineMs: number;
}

/**
 * Seams for tests: clock, sleep and randomness.
 *
 * @public
 */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const REAL_CLOCK: RetryClock = {
  now: () => Date.now(),
  sleep: ms =>
    new Promise(resolve => {
      setTimeout(resolve, ms);
    }),
  random: () => Math.random(),
};

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  deadlineMs: 30_000,
};

/**
 * "Full jitter": a uniformly random wait in [0, min(cap, base * 2^attempt)),
 * where attempt counts retries from 0.
 */
export function fullJitterDelay(
  retry: number,
  opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(
    opts.maxDelayMs,
    opts.baseDelayMs * Math.pow(2, Math.min(retry, 30)),
  );
  return Math.floor(random() * ceiling);
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable AckOneApiError,
 * runs out of attempts, or the next wait would pass the deadline. `fn`
 * receives the time left (ms) so it can bound its own request.
 *
 * A wait is at least the Retry-After the server asked for
 * (`AckOneApiError.retryAfterMs`); when that is longer than the time left,
 * the call fails at once with a throttled error saying so.
 * `onRetry` is told about every retry (for logs and counters).
 */
export async function withRetry<T>(
  fn: (remainingMs: number) => Promise<T>,
  toError: (err: unknown) => AckOneApiError,
  opts: RetryOptions,
  clock: RetryClock = REAL_CLOCK,
  onRetry?: (err: AckOneApiError, attempt: number, delayMs: number) => void,
): Promise<T> {
  const deadline = clock.now() + opts.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(Math.max(1, deadline - clock.now()));
    } catch (raw) {
      const err = toError(raw);
      if (!err.retryable || attempt >= opts.maxAttempts) throw err;
      const left = deadline - clock.now();
      const asked = err.retryAfterMs;
      if (asked !== undefined && asked >= left) {
        throw throttledPastDeadline(err, left);
      }
      const delay = Math.max(
        fullJitterDelay(attempt - 1, opts, clock.random),
        asked ?? 0,
      );
      if (delay >= left) throw err;
      onRetry?.(err, attempt, delay);
      await clock.sleep(delay);
    }
  }
}

function throttledPastDeadline(
  err: AckOneApiError,
  leftMs: number,
): AckOneApiError {
  return new AckOneApiError(
    { call: err.call, account: err.account, region: err.region },
    {
      code: err.code,
      status: err.status,
      requestId: err.requestId,
      retryable: true,
      throttled: true,
      retryAfterMs: err.retryAfterMs,
      message: `throttled: the server asks to wait ${
        err.retryAfterMs
      } ms before retrying, more than the ${Math.max(
        0,
        leftMs,
      )} ms left before the call's deadline`,
    },
  );
}
