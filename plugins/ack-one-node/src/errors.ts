/**
 * Where an ACK One call went.
 *
 * @public
 */
export interface AckOneCallContext {
  /** API action, e.g. `DescribeClustersV1` or `k8s:list MseIngressConfig`. */
  call: string;
  account: string;
  region?: string;
}

/**
 * A failed call to Alibaba Cloud or to a cluster behind ACK One. The message
 * is built from the call, the error code and a redacted server message:
 * it never carries an AccessKey secret, a token or a kubeconfig.
 *
 * @public
 */
export class AckOneApiError extends Error {
  readonly call: string;
  readonly account: string;
  readonly region?: string;
  readonly code: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryable: boolean;
  /** The server asked the caller to slow down (throttling, HTTP 429). */
  readonly throttled: boolean;
  /** How long the server asked to wait before the next attempt. */
  readonly retryAfterMs?: number;

  constructor(
    ctx: AckOneCallContext,
    details: {
      code: string;
      status?: number;
      requestId?: string;
      retryable: boolean;
      throttled?: boolean;
      retryAfterMs?: number;
      message?: string;
    },
  ) {
    const where = `${ctx.account}${ctx.region ? `/${ctx.region}` : ''}`;
    const parts = [`${ctx.call} failed for ${where}: ${details.code}`];
    if (details.status) parts.push(`(HTTP ${details.status})`);
    if (details.message) parts.push(`- ${details.message}`);
    if (details.requestId) parts.push(`[RequestId ${details.requestId}]`);
    super(parts.join(' '));
    this.name = 'AckOneApiError';
    this.call = ctx.call;
    this.account = ctx.account;
    this.region = ctx.region;
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.throttled = details.throttled ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Percent-encoding as RFC 3986 (and Alibaba Cloud signatures) spell it. */
function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The ways a secret can appear in a message: raw, URL-encoded, base64. */
function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  for (const encoded of [encodeURIComponent(secret), rfc3986(secret)]) {
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, h => h.toLowerCase()));
    forms.add(encoded.replace(/%20/g, '+'));
  }
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  forms.add(JSON.stringify(secret).slice(1, -1));
  // longest first, so a form is never left half replaced by a shorter one
  return [...forms]
    .filter(f => f.length >= 4)
    .sort((a, b) => b.length - a.length);
}

/** Keys whose values are secret in query strings and form bodies. */
const SECRET_QUERY_KEYS =
  'AccessKeySecret|SecurityToken|Signature|access_token|id_token|refresh_token|token|password|client_secret';

/**
 * Removes anything that looks like a credential from a server message: the
 * given secrets in their raw, URL-encoded (upper- and lower-case hex) and
 * base64 forms, bearer tokens, STS security tokens, signed query parameters,
 * kubeconfigs and PEM blocks. The result is at most 500 characters.
 *
 * @public
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of secretForms(s)) out = out.split(form).join('***');
  }
  return (
    out
      // kubeconfigs and certificates
      .replace(/Bearer(\s+|%20|\+)[\w.~+/%-]+=*/gi, 'Bearer$1***')
      .replace(/apiVersion:\s*v1[\s\S]*/i, '[kubeconfig redacted]')
      .replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, '***')
      // key=value in (possibly URL-encoded) query strings and form bodies
      .replace(
        new RegExp(
          `(?<![A-Za-z])(${SECRET_QUERY_KEYS})(=|%3D)((?!%26)[^&\\s"',;}])+`,
          'gi',
        ),
        '$1$2***',
      )
      // headers and JSON fields: `x-acs-security-token: ...`, `"token": "..."`
      .replace(
        /((?:token|secret|password|authorization|credential|signature|client-key-data|certificate-authority-data)["']?\s*[:=]\s*["']?)[^\s"',}&]+/gi,
        '$1***',
      )
      // Alibaba Cloud STS security tokens wherever they appear
      .replace(/\bCAIS[A-Za-z0-9+/=%_-]{16,}/g, '***')
      .slice(0, 500)
  );
}

/** Whether a code names a throttling error (`Throttling`, `Throttling.User`, ...). */
export function isThrottlingCode(code: string | undefined): boolean {
  return !!code && /throttl/i.test(code);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as any;
  if (typeof h.get === 'function') {
    const v = h.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  for (const [k, v] of Object.entries(h)) {
    if (k.toLowerCase() === name) {
      const first = Array.isArray(v) ? v[0] : v;
      return first === undefined ? undefined : String(first);
    }
  }
  return undefined;
}

/** An HTTP `Retry-After` value (delta-seconds or an HTTP date) in ms. */
function parseRetryAfterHeader(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.ceil(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long (ms) the server asked to wait before retrying, when the error
 * says so: `AckOneApiError.retryAfterMs`, the Alibaba Cloud SDK's
 * `retryAfter` (from `x-acs-retry-after`, in ms), or the `Retry-After`
 * header (seconds or a date) of an HTTP error such as the `ApiException` of
 * `@kubernetes/client-node`.
 *
 * @public
 */
export function retryAfterMs(
  err: unknown,
  now: number = Date.now(),
): number | undefined {
  const e = (err ?? {}) as any;
  if (err instanceof AckOneApiError) return err.retryAfterMs;
  if (typeof e.retryAfter === 'number' && e.retryAfter >= 0) {
    return e.retryAfter;
  }
  const header =
    headerValue(e.headers, 'retry-after') ??
    headerValue(e.response?.headers, 'retry-after');
  if (header !== undefined) return parseRetryAfterHeader(header, now);
  const acs = headerValue(e.headers, 'x-acs-retry-after');
  const ms = acs === undefined ? NaN : Number(acs);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function statusOf(e: any): number | undefined {
  if (typeof e.statusCode === 'number') return e.statusCode;
  if (typeof e.code === 'number') return e.code;
  if (typeof e.data?.statusCode === 'number') return e.data.statusCode;
  return undefined;
}

/**
 * Converts anything thrown by the Alibaba Cloud SDKs, `fetch` or
 * `@kubernetes/client-node` into an AckOneApiError. Throttling codes and
 * HTTP 429 are retryable and `throttled`; a retryable error carries the
 * server's Retry-After, if any (429 and 503 responses may send one).
 */
export function toAckOneApiError(
  err: unknown,
  ctx: AckOneCallContext,
  secrets: Iterable<string> = [],
): AckOneApiError {
  if (err instanceof AckOneApiError) return err;
  const e = (err ?? {}) as any;
  const name: string = typeof e.name === 'string' ? e.name : '';
  const rawCode =
    (typeof e.code === 'string' && e.code) ||
    (typeof e.cause?.code === 'string' && e.cause.code) ||
    undefined;
  const status = statusOf(e);
  const requestId: string | undefined =
    e.requestId ?? e.data?.RequestId ?? e.data?.requestId ?? undefined;
  const throttled =
    name === 'ThrottlingError' || isThrottlingCode(rawCode) || status === 429;
  const network =
    !status &&
    (NETWORK_CODES.has(rawCode ?? '') ||
      /timeout|RetryError|FetchError|AbortError|socket hang up/i.test(
        `${name} ${e.message ?? ''}`,
      ));
  let code = rawCode;
  if (!code) {
    if (throttled) code = 'Throttling';
    else if (network) code = 'NetworkError';
    else code = status ? `Http${status}` : 'UnknownError';
  }
  const serverMessage: string | undefined =
    e.data?.Message ?? e.data?.message ?? e.description ?? e.message;
  const retryable = throttled || network || (!!status && status >= 500);
  return new AckOneApiError(ctx, {
    code,
    status,
    requestId,
    retryable,
    throttled,
    retryAfterMs: retryable ? retryAfterMs(err) : undefined,
    message: serverMessage ? redact(String(serverMessage), secrets) : undefined,
  });
}
