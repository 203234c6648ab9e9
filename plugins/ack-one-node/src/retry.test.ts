import { AckOneApiError, redact, toAckOneApiError } from './errors';
import { fullJitterDelay, RetryClock, withRetry } from './retry';

function fakeClock(randomValue = 0.5) {
  let now = 0;
  const sleeps: number[] = [];
  const clock: RetryClock = {
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => randomValue,
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}

const ctx = {
  call: 'DescribeClustersV1',
  account: 'prod',
  region: 'cn-hangzhou',
};
const toErr = (e: unknown) => toAckOneApiError(e, ctx, ['s3cr3t-value']);
const opts = {
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  deadlineMs: 60_000,
};

describe('fullJitterDelay', () => {
  it('grows exponentially up to the cap and scales with the random draw', () => {
    const r = () => 0.999999;
    expect(fullJitterDelay(0, opts, r)).toBe(99);
    expect(fullJitterDelay(1, opts, r)).toBe(199);
    expect(fullJitterDelay(3, opts, r)).toBe(799);
    expect(fullJitterDelay(10, opts, r)).toBe(999);
    expect(fullJitterDelay(5, opts, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  it('retries throttling and 5xx errors, then returns the result', async () => {
    const { clock, sleeps } = fakeClock();
    const errors = [
      Object.assign(new Error('throttled'), {
        name: 'ClientError',
        code: 'Throttling.User',
        statusCode: 400,
      }),
      Object.assign(new Error('boom'), {
        name: 'ServerError',
        code: 'InternalError',
        statusCode: 503,
      }),
    ];
    const fn = jest.fn(async () => {
      const e = errors.shift();
      if (e) throw e;
      return 'ok';
    });
    await expect(withRetry(fn, toErr, opts, clock)).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('retries network errors', async () => {
    const { clock } = fakeClock();
    let n = 0;
    const fn = async () => {
      if (n++ === 0)
        throw Object.assign(new Error('connect ECONNREFUSED'), {
          code: 'ECONNREFUSED',
        });
      return 1;
    };
    await expect(withRetry(fn, toErr, opts, clock)).resolves.toBe(1);
  });

  it('does not retry client errors', async () => {
    const { clock, sleeps } = fakeClock();
    const fn = jest.fn(async () => {
      throw Object.assign(new Error('bad'), {
        code: 'ErrorClusterNotFound',
        statusCode: 404,
        data: { RequestId: 'req-1' },
      });
    });
    const err = await withRetry(fn, toErr, opts, clock).catch(e => e);
    expect(err).toBeInstanceOf(AckOneApiError);
    expect(err).toMatchObject({
      code: 'ErrorClusterNotFound',
      status: 404,
      requestId: 'req-1',
      retryable: false,
      account: 'prod',
      region: 'cn-hangzhou',
      call: 'DescribeClustersV1',
    });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts', async () => {
    const { clock } = fakeClock();
    const fn = jest.fn(async () => {
      throw Object.assign(new Error('x'), {
        name: 'ThrottlingError',
        code: 'Throttling',
        statusCode: 429,
      });
    });
    const err = await withRetry(
      fn,
      toErr,
      { ...opts, maxAttempts: 3 },
      clock,
    ).catch(e => e);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(err).toMatchObject({ code: 'Throttling', retryable: true });
  });

  it('stops when the next wait would pass the deadline, and passes the time left', async () => {
    const { clock, advance } = fakeClock(0.999);
    const remaining: number[] = [];
    const fn = jest.fn(async (left: number) => {
      remaining.push(left);
      advance(400);
      throw Object.assign(new Error('x'), {
        code: 'ServiceUnavailable',
        statusCode: 503,
      });
    });
    await expect(
      withRetry(fn, toErr, { ...opts, deadlineMs: 1000 }, clock),
    ).rejects.toMatchObject({ status: 503 });
    // 0: 1000 left; after 400 ms work + 99 ms wait: 501 left; then 400 + 199 > deadline
    expect(remaining).toEqual([1000, 501]);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('withRetry and Retry-After', () => {
  it('waits at least the Retry-After of a throttling error, even above the backoff cap', async () => {
    const { clock, sleeps } = fakeClock();
    let n = 0;
    const fn = async () => {
      if (n++ === 0) {
        throw Object.assign(new Error('throttled'), {
          name: 'ThrottlingError',
          code: 'Throttling.User',
          statusCode: 400,
          retryAfter: 2500,
        });
      }
      return 'ok';
    };
    await expect(withRetry(fn, toErr, opts, clock)).resolves.toBe('ok');
    expect(sleeps).toEqual([2500]);
  });

  it('fails at once with a throttled error when the Retry-After passes the deadline', async () => {
    const { clock, sleeps } = fakeClock();
    const fn = jest.fn(async () => {
      throw Object.assign(new Error('slow down'), {
        code: 429,
        headers: { 'retry-after': '120' },
      });
    });
    const err = await withRetry(
      fn,
      toErr,
      { ...opts, deadlineMs: 10_000 },
      clock,
    ).catch(e => e);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
    expect(err).toBeInstanceOf(AckOneApiError);
    expect(err).toMatchObject({
      status: 429,
      throttled: true,
      retryAfterMs: 120_000,
    });
    expect(err.message).toContain(
      'DescribeClustersV1 failed for prod/cn-hangzhou: Throttling (HTTP 429) - throttled: the server asks to wait 120000 ms before retrying, more than the 10000 ms left',
    );
  });
});

describe('error messages', () => {
  it('never contain secrets, tokens or kubeconfigs', () => {
    const err = toErr(
      Object.assign(
        new Error(
          'denied for key s3cr3t-value; token: abc.def.ghi; Authorization: Bearer eyJhbGciOi',
        ),
        {
          code: 'Forbidden',
          statusCode: 403,
        },
      ),
    );
    expect(err.message).toContain(
      'DescribeClustersV1 failed for prod/cn-hangzhou: Forbidden (HTTP 403)',
    );
    expect(err.message).not.toMatch(/s3cr3t-value|abc\.def\.ghi|eyJhbGciOi/);
    const kc = redact(
      'bad config apiVersion: v1\nkind: Config\nusers:\n- user:\n    token: xyz',
    );
    expect(kc).not.toContain('xyz');
  });
});
