import { ConfigReader } from '@backstage/config';
import { readAckOneAccounts } from './config';

const env = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
};

const read = (account: object) =>
  readAckOneAccounts(
    new ConfigReader({
      ackOne: {
        accounts: [{ id: 'prod', regions: ['cn-hangzhou'], ...account }],
      },
    }),
    env,
  );

describe('readAckOneAccounts: protocol', () => {
  it('accepts http for a loopback endpoint, as the local simulator uses', () => {
    for (const endpoint of [
      '127.0.0.1:18080',
      'localhost:18080',
      '[::1]:18080',
      '127.0.0.1',
    ]) {
      expect(read({ endpoint, protocol: 'http' })[0].protocol).toBe('http');
    }
  });

  it('refuses http for any other endpoint, or for the Alibaba Cloud endpoints', () => {
    expect(() =>
      read({ endpoint: 'cs.cn-hangzhou.aliyuncs.com', protocol: 'http' }),
    ).toThrow(
      'ackOne.accounts[0] (prod): protocol http is only allowed with a loopback endpoint (127.0.0.1, ::1 or localhost, e.g. a local simulator), not "cs.cn-hangzhou.aliyuncs.com"; remove protocol or set it to https',
    );
    expect(() =>
      read({ endpoint: '10.0.0.8:18080', protocol: 'http' }),
    ).toThrow(/protocol http is only allowed with a loopback endpoint/);
    expect(() => read({ protocol: 'http' })).toThrow(
      /not the Alibaba Cloud endpoints/,
    );
    expect(() =>
      read({ endpoint: 'http://127.0.0.1:18080', protocol: 'http' }),
    ).toThrow(/only allowed with a loopback endpoint/);
  });

  it('defaults to https for any endpoint', () => {
    expect(read({ endpoint: '10.0.0.8:443' })[0].protocol).toBe('https');
  });
});

describe('readAckOneAccounts: rateLimit', () => {
  it('defaults to 20 requests per second with bursts of 40', () => {
    expect(read({})[0].rateLimit).toEqual({ requestsPerSecond: 20, burst: 40 });
    expect(
      read({ rateLimit: { requestsPerSecond: 0.5 } })[0].rateLimit,
    ).toEqual({ requestsPerSecond: 0.5, burst: 40 });
  });

  it('refuses values that are not positive, naming the key', () => {
    expect(() => read({ rateLimit: { requestsPerSecond: 0 } })).toThrow(
      'ackOne.accounts[0] (prod): rateLimit.requestsPerSecond must be a number greater than 0, got 0',
    );
    expect(() => read({ rateLimit: { burst: 0.5 } })).toThrow(
      'ackOne.accounts[0] (prod): rateLimit.burst must be a number of at least 1, got 0.5',
    );
    expect(() => read({ rateLimit: { burst: 'many' } })).toThrow(
      /rateLimit\.burst/,
    );
  });
});
