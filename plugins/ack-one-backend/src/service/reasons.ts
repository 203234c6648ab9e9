/**
 * Why a cluster or the cloud could not be reached, in plain words: the raw
 * transport or cloud text (addresses, server messages) is for the logs, not
 * for the caller.
 */
export function plainReason(e: unknown): string {
  const any = (e ?? {}) as any;
  const code: string | undefined =
    (typeof any.code === 'string' && any.code) ||
    (typeof any.cause?.code === 'string' && any.cause.code) ||
    undefined;
  const status = [any.status, any.code, any.statusCode].find(
    (v): v is number => typeof v === 'number',
  );
  const text = `${any.name ?? ''} ${any.message ?? ''}`;
  if (any.name === 'AckOneApiError' && !/^k8s:/.test(String(any.call))) {
    return `ACK One did not hand out credentials for it (${code ?? 'error'})`;
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text))
    return 'connection refused';
  if (code === 'ECONNRESET' || /ECONNRESET|socket hang up/.test(text))
    return 'connection reset';
  const timeout = /within (\d+) ms|timed out after (\d+)/.exec(text);
  if (timeout) {
    const ms = Number(timeout[1] ?? timeout[2]);
    return `timed out after ${Math.round(ms / 100) / 10} s`;
  }
  if (/timeout|timed out|ETIMEDOUT|AbortError|aborted/i.test(text))
    return 'timed out';
  if (status === 401) return 'the API server rejected the credentials (401)';
  if (status === 403) return 'the credentials may not read it (403)';
  if (status === 429) return 'the API server is throttling requests (429)';
  if (status && status >= 500) return `the API server answered ${status}`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'its address does not resolve';
  if (/EHOSTUNREACH|ENETUNREACH/.test(text)) return 'no route to it';
  if (/certificate|TLS|SSL/i.test(text)) return 'the TLS handshake failed';
  return 'the API server could not be reached';
}
