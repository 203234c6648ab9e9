import { AckOneApiError } from './errors';
import { REAL_CLOCK, RetryClock } from './retry';

/**
 * Request rate allowed towards the cloud for one account and region.
 *
 * @public
 */
export interface RateLimitConfig {
  /** Tokens added per second: the sustained request rate. */
  requestsPerSecond: number;
  /** Bucket size: how many requests may go out at once after a quiet spell. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = {
  requestsPerSecond: 20,
  burst: 40,
};

/**
 * A token bucket. Tokens are reserved in call order, so concurrent callers
 * are spaced `1 / requestsPerSecond` apart once the burst is used up; the
 * balance goes negative while requests wait for tokens not yet added.
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updated: number;

  constructor(limit: RateLimitConfig, now: () => number) {
    this.#ratePerMs = limit.requestsPerSecond / 1000;
    this.#burst = limit.burst;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#updated = now();
  }

  /**
   * Reserves one token and returns how long (ms) the caller must wait before
   * using it, or `undefined` (nothing reserved) when that wait would be
   * longer than `maxWaitMs`.
   */
  reserve(maxWaitMs: number): number | undefined {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updated);
    this.#tokens = Math.min(
      this.#burst,
      this.#tokens + elapsed * this.#ratePerMs,
    );
    this.#updated = now;
    const wait =
      this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#ratePerMs);
    if (wait > maxWaitMs) return undefined;
    this.#tokens -= 1;
    return wait;
  }
}

/**
 * One token bucket per account and region, shared by every caller of the
 * service. Waiting for a token counts against the caller's deadline.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #clock: Pick<RetryClock, 'now' | 'sleep'>;

  constructor(clock: Pick<RetryClock, 'now' | 'sleep'> = REAL_CLOCK) {
    this.#clock = clock;
  }

  /**
   * Waits for a token of `account/region` and returns the time (ms) still
   * left of `remainingMs`. Fails with a non-retryable `RateLimited` error,
   * without waiting, when no token can be had within `remainingMs`.
   */
  async acquire(
    ctx: { call: string; account: string; region: string },
    limit: RateLimitConfig,
    remainingMs: number,
  ): Promise<number> {
    const key = `${ctx.account}/${ctx.region}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, () => this.#clock.now());
      this.#buckets.set(key, bucket);
    }
    const wait = bucket.reserve(remainingMs);
    if (wait === undefined) {
      throw new AckOneApiError(ctx, {
        code: 'RateLimited',
        retryable: false,
        throttled: true,
        message: `no request slot within the ${remainingMs} ms left before the call's deadline; ackOne.accounts[].rateLimit allows ${limit.requestsPerSecond} requests per second (burst ${limit.burst}) for this account and region`,
      });
    }
    if (wait > 0) await this.#clock.sleep(wait);
    return Math.max(1, remainingMs - wait);
  }
}
