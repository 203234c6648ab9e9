import { AckOneApiError } from './errors';
import { RateLimiter, TokenBucket } from './RateLimiter';

describe('TokenBucket', () => {
  it('allows a burst, then spaces requests by the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(
      { requestsPerSecond: 4, burst: 2 },
      () => now,
    );
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(0);
    // empty: each next token is 250 ms further away
    expect(bucket.reserve(10_000)).toBe(250);
    expect(bucket.reserve(10_000)).toBe(500);
    now += 1000;
    // the 4 tokens of that second paid the 2 reserved ahead; 2 left
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(250);
  });

  it('refills up to the burst only', () => {
    let now = 0;
    const bucket = new TokenBucket(
      { requestsPerSecond: 10, burst: 3 },
      () => now,
    );
    for (let i = 0; i < 3; i++) bucket.reserve(0);
    now += 60_000;
    expect([0, 1, 2, 3].map(() => bucket.reserve(1000))).toEqual([
      0, 0, 0, 100,
    ]);
  });

  it('reserves nothing when the wait would be longer than allowed', () => {
    let now = 0;
    const bucket = new TokenBucket(
      { requestsPerSecond: 1, burst: 1 },
      () => now,
    );
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(999)).toBeUndefined();
    expect(bucket.reserve(1000)).toBe(1000);
    now += 2000;
    expect(bucket.reserve(0)).toBe(0);
  });
});

describe('RateLimiter', () => {
  function fakeClock() {
    const sleeps: number[] = [];
    return {
      sleeps,
      clock: {
        now: () => 0,
        sleep: async (ms: number) => {
          sleeps.push(ms);
        },
      },
    };
  }
  const limit = { requestsPerSecond: 2, burst: 1 };
  const ctx = (account: string, region = 'cn-hangzhou') => ({
    call: 'DescribeClustersV1',
    account,
    region,
  });

  it('keeps one bucket per account and region, and returns the time left', async () => {
    const { clock, sleeps } = fakeClock();
    const limiter = new RateLimiter(clock);
    await expect(limiter.acquire(ctx('prod'), limit, 5000)).resolves.toBe(5000);
    await expect(limiter.acquire(ctx('prod'), limit, 5000)).resolves.toBe(4500);
    await expect(limiter.acquire(ctx('dr'), limit, 5000)).resolves.toBe(5000);
    await expect(
      limiter.acquire(ctx('prod', 'cn-shanghai'), limit, 5000),
    ).resolves.toBe(5000);
    expect(sleeps).toEqual([500]);
  });

  it('fails at once, clearly, when no token comes before the deadline', async () => {
    const { clock, sleeps } = fakeClock();
    const limiter = new RateLimiter(clock);
    await limiter.acquire(ctx('prod'), limit, 300);
    const err = (await limiter
      .acquire(ctx('prod'), limit, 300)
      .catch(e => e)) as AckOneApiError;
    expect(err).toBeInstanceOf(AckOneApiError);
    expect(err).toMatchObject({
      code: 'RateLimited',
      retryable: false,
      throttled: true,
      account: 'prod',
      region: 'cn-hangzhou',
    });
    expect(err.message).toMatch(
      /no request slot within the 300 ms left before the call's deadline; ackOne.accounts\[\].rateLimit allows 2 requests per second \(burst 1\)/,
    );
    expect(sleeps).toEqual([]);
  });
});
