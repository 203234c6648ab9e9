/** Where an ACK One call went. */
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
 */
export class AckOneApiError extends Error {
  readonly call: string;
  readonly account: string;
  readonly region?: string;
  readonly code: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryable: boolean;

  constructor(
    ctx: AckOneCallContext,
    details: {
      code: string;
      status?: number;
      requestId?: string;
      retryable: boolean;
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

/** Removes anything that looks like a credential from a server message. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('***');
  }
  return (
    out
      // kubeconfigs and certificates
      .replace(/Bearer\s+[\w.~+/-]+=*/gi, 'Bearer ***')
      .replace(/apiVersion:\s*v1[\s\S]*/i, '[kubeconfig redacted]')
      .replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, '***')
      .replace(
        /((?:token|secret|password|authorization|credential|signature|client-key-data|certificate-authority-data)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
        '$1***',
      )
      .slice(0, 500)
  );
}

/** Whether a code names a throttling error (`Throttling`, `Throttling.User`, ...). */
export function isThrottlingCode(code: string | undefined): boolean {
  return !!code && /throttl/i.test(code);
}

/**
 * Converts anything thrown by the Alibaba Cloud SDKs, `fetch` or
 * `@kubernetes/client-node` into an AckOneApiError.
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
  let status: number | undefined;
  if (typeof e.statusCode === 'number') status = e.statusCode;
  else if (typeof e.code === 'number') status = e.code;
  if (!status && typeof e.data?.statusCode === 'number') {
    status = e.data.statusCode;
  }
  const requestId: string | undefined =
    e.requestId ?? e.data?.RequestId ?? e.data?.requestId ?? undefined;
  const throttled = name === 'ThrottlingError' || isThrottlingCode(rawCode);
  const network =
    !status &&
    (NETWORK_CODES.has(rawCode ?? '') ||
      /timeout|RetryError|FetchError|socket hang up/i.test(
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
  return new AckOneApiError(ctx, {
    code,
    status,
    requestId,
    retryable: throttled || network || (!!status && status >= 500),
    message: serverMessage ? redact(String(serverMessage), secrets) : undefined,
  });
}
