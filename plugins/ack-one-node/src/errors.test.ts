import {
  AckOneApiError,
  redact,
  retryAfterMs,
  toAckOneApiError,
} from './errors';

const SECRET = 'aK3y/S3cr3t+V@lue=';
const STS = 'CAISzQJ1q6Ft5B2yfSjIr5bvI9/Ar+pu0aOeSmbXkWUxY+ZmgPHorzz2IHhMf';

describe('redact', () => {
  it('removes a secret in its raw, URL-encoded and base64 forms', () => {
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, h => h.toLowerCase()),
      Buffer.from(SECRET).toString('base64'),
      Buffer.from(SECRET).toString('base64url'),
    ];
    for (const form of forms) {
      const out = redact(`denied: the key ${form} is wrong`, [SECRET]);
      expect(out).toBe('denied: the key *** is wrong');
    }
  });

  it('removes the STS security token passed in and any STS token it sees', () => {
    expect(redact(`token ${STS} expired`, [STS])).not.toContain(STS);
    expect(redact(`echo ${encodeURIComponent(STS)}`, [STS])).not.toContain(
      'CAIS',
    );
    // not passed in: recognised by its shape
    expect(redact(`got ${STS}`)).toBe('got ***');
  });

  it('removes secret values from query strings, plain and URL-encoded', () => {
    const query =
      'GET /?AccessKeyId=LTAI5tExample&AccessKeySecret=abc123&SecurityToken=xyz%2F789&Signature=s1g%3D&token=t0k&Action=DescribeClustersV1';
    const out = redact(query);
    expect(out).toBe(
      'GET /?AccessKeyId=LTAI5tExample&AccessKeySecret=***&SecurityToken=***&Signature=***&token=***&Action=DescribeClustersV1',
    );
    const encoded = redact(
      `stringToSign=GET%26%2F%26AccessKeyId%3DLTAI5tExample%26SecurityToken%3Dxyz789%26Signature%3Ds1g%26Version%3D1`,
    );
    expect(encoded).not.toMatch(/xyz789|s1g%26/);
    expect(encoded).toContain('AccessKeyId%3DLTAI5tExample');
    expect(encoded).toContain('Version%3D1');
  });

  it('removes security-token headers, bearer tokens and JSON fields', () => {
    const out = redact(
      'x-acs-security-token: sts-value-1\nAuthorization: Bearer eyJhbGciOi.x.y\n{"SecurityToken":"sts-value-2","AccessKeySecret": "sec-3"} Bearer%20eyJenc',
    );
    expect(out).not.toMatch(/sts-value-1|eyJhbGciOi|sts-value-2|sec-3|eyJenc/);
    expect(out).toContain('x-acs-security-token: ***');
  });

  it('keeps AccessKey ids, which are not secret', () => {
    expect(redact('AccessKeyId=LTAI5tExample denied', [SECRET])).toBe(
      'AccessKeyId=LTAI5tExample denied',
    );
  });
});

describe('toAckOneApiError and retryAfterMs', () => {
  const ctx = { call: 'k8s:list pods', account: 'prod', region: 'cn-hangzhou' };

  /** What `@kubernetes/client-node` 1.x throws for an HTTP error. */
  function apiException(code: number, headers: Record<string, string>) {
    return Object.assign(new Error(`HTTP-Code: ${code}`), {
      name: 'ApiException',
      code,
      body: 'Too many requests',
      headers,
    });
  }

  it('classifies a Kubernetes 429 as retryable and throttled, with its Retry-After', () => {
    const err = toAckOneApiError(
      apiException(429, { 'retry-after': '3' }),
      ctx,
    );
    expect(err).toMatchObject({
      code: 'Throttling',
      status: 429,
      retryable: true,
      throttled: true,
      retryAfterMs: 3000,
    });
    expect(retryAfterMs(err)).toBe(3000);
  });

  it('reads the Retry-After of SDK throttling errors and HTTP dates', () => {
    expect(
      retryAfterMs({
        name: 'ThrottlingError',
        code: 'Throttling.User',
        retryAfter: 1500,
      }),
    ).toBe(1500);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(
      retryAfterMs(
        apiException(503, { 'Retry-After': 'Tue, 01 Jan 2030 00:00:02 GMT' }),
        now,
      ),
    ).toBe(2000);
    expect(retryAfterMs(apiException(429, {}))).toBeUndefined();
    expect(retryAfterMs(new Error('x'))).toBeUndefined();
    expect(
      toAckOneApiError(apiException(503, { 'retry-after': '1' }), ctx),
    ).toMatchObject({ retryable: true, throttled: false, retryAfterMs: 1000 });
    // not retryable: its Retry-After does not matter
    expect(
      toAckOneApiError(apiException(403, { 'retry-after': '1' }), ctx)
        .retryAfterMs,
    ).toBeUndefined();
  });

  it('treats an aborted request as a retryable network error', () => {
    const abort = Object.assign(new Error('The user aborted a request.'), {
      name: 'AbortError',
      type: 'aborted',
    });
    expect(toAckOneApiError(abort, ctx)).toMatchObject({
      code: 'NetworkError',
      retryable: true,
    });
    expect(toAckOneApiError(abort, ctx)).toBeInstanceOf(AckOneApiError);
  });
});
