import http from 'node:http';
import https from 'node:https';
import { redact } from '@internal/plugin-ack-one-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { plainReason } from '../service/reasons';

/**
 * An API server answered with an error status. `code` and `headers` have
 * the shape of client-node's `ApiException`, so helpers that read either
 * (status, `Retry-After`) work on both.
 */
export class KubeRequestError extends Error {
  /** HTTP status. */
  readonly code: number;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;

  constructor(code: number, headers: Record<string, string>, detail: string) {
    super(
      redact(`the API server answered ${code}${detail ? `: ${detail}` : ''}`),
    );
    this.name = 'KubeRequestError';
    this.code = code;
    this.headers = headers;
  }
}

/** A request passed its deadline; the connection was closed. */
export class KubeTimeoutError extends Error {
  constructor(ms: number) {
    super(`the API server did not answer within ${ms} ms`);
    this.name = 'KubeTimeoutError';
  }
}

/** Limits of one request. */
export interface RequestLimits {
  /** The request is abandoned (its connection closed) after this long. */
  timeoutMs: number;
  /** Aborts the request and closes its connection. */
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | undefined>;

/** Most a JSON answer may weigh (a list page of large objects stays far below). */
const MAX_BODY_BYTES = 128 * 1024 * 1024;
/** Most one watch event may weigh. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** The HTTP status of a failed Kubernetes request (client-node or ours), if any. */
export function statusOf(e: unknown): number | undefined {
  const any = e as any;
  const status = any?.code ?? any?.statusCode ?? any?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A short, redacted, actionable description of a failed request. */
export function describeError(e: unknown): string {
  const any = e as any;
  const code = typeof any?.code === 'string' ? any.code : any?.cause?.code;
  const status = statusOf(e);
  let text: string;
  if (e instanceof KubeTimeoutError) text = e.message;
  else if (code === 'ECONNREFUSED')
    text =
      'the API server refused the connection (is it down, or is the leased line cut?)';
  else if (code === 'ECONNRESET')
    text = 'the connection to the API server was reset';
  else if (status === 401)
    text = 'the API server rejected the credentials ACK One issued (401)';
  else if (status === 403)
    text = 'the credentials ACK One issued may not list this resource (403)';
  else if (status === 429) text = 'the API server is throttling requests (429)';
  // Anything else (cloud errors while fetching credentials, DNS, TLS) is
  // shown in plain words: the server's own text can name addresses.
  else text = plainReason(e);
  return redact(String(text)).slice(0, 300);
}

function urlOf(kc: KubeConfig, path: string, query: Query): URL {
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new Error('the kubeconfig names no API server for its context');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

function headersOf(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

interface Opened {
  req: http.ClientRequest;
  res: http.IncomingMessage;
  /** Cancels the deadline (once the caller governs the response itself). */
  clearDeadline(): void;
}

/**
 * Sends `GET path` with the kubeconfig's server, TLS settings and
 * credentials; resolves with the response once its headers arrived. The
 * deadline keeps running (for the body) until `clearDeadline` is called.
 * The deadline and the signal destroy the request and its socket.
 */
async function get(
  kc: KubeConfig,
  path: string,
  query: Query,
  limits: RequestLimits,
): Promise<Opened> {
  limits.signal?.throwIfAborted();
  const url = urlOf(kc, path, query);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  limits.signal?.throwIfAborted();
  const lib = url.protocol === 'http:' ? http : https;
  return new Promise<Opened>((resolve, reject) => {
    const req = lib.request(url, {
      method: 'GET',
      agent: options.agent,
      auth: options.auth,
      headers: { ...options.headers, Accept: 'application/json' },
    });
    const timer = setTimeout(
      () => req.destroy(new KubeTimeoutError(limits.timeoutMs)),
      limits.timeoutMs,
    );
    const onAbort = () => req.destroy(abortError(limits.signal));
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    const clearDeadline = () => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
    };
    req.once('close', clearDeadline);
    req.on('error', e => {
      clearDeadline();
      reject(e);
    });
    req.once('response', res => resolve({ req, res, clearDeadline }));
    req.end();
  });
}

function abortError(signal?: AbortSignal): Error {
  const reason = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('the request was aborted');
  e.name = 'AbortError';
  return e;
}

async function readBody(
  res: http.IncomingMessage,
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new Error(`the API server sent more than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Throws a KubeRequestError for an error status, with the Status message. */
async function failIfError(res: http.IncomingMessage): Promise<void> {
  const code = res.statusCode ?? 0;
  if (code >= 200 && code < 300) return;
  let detail = '';
  try {
    const text = await readBody(res, 64 * 1024);
    detail = String(JSON.parse(text)?.message ?? '');
  } catch {
    // the status alone says enough
  }
  throw new KubeRequestError(code, headersOf(res), detail.slice(0, 200));
}

/** `GET path` as JSON, body included within the deadline. */
export async function kubeGetJson(
  kc: KubeConfig,
  path: string,
  query: Query,
  limits: RequestLimits,
): Promise<any> {
  const { req, res, clearDeadline } = await get(kc, path, query, limits);
  try {
    await failIfError(res);
    const text = await readBody(res, MAX_BODY_BYTES);
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`the API server answered ${path} with invalid JSON`);
    }
  } finally {
    clearDeadline();
    req.destroy();
  }
}

/** A running watch. */
export interface OpenWatch {
  /** Resolves when the watch ends: no error when the server ended it. */
  ended: Promise<{ error?: Error }>;
  /** Ends the watch and closes its connection. */
  abort(): void;
}

/**
 * Opens a watch (`GET path?watch=true`): resolves once the API server
 * accepted it (status and headers within `limits.timeoutMs`), then calls
 * `onEvent` for each event. `maxLifetimeMs` ends a watch the server keeps
 * open past the `timeoutSeconds` it was asked for.
 */
export async function openWatch(
  kc: KubeConfig,
  path: string,
  query: Query,
  limits: RequestLimits & {
    maxLifetimeMs: number;
    onEvent: (type: string, object: any) => void;
  },
): Promise<OpenWatch> {
  const { req, res, clearDeadline } = await get(
    kc,
    path,
    { ...query, watch: true },
    limits,
  );
  try {
    await failIfError(res);
    // aborted, or the connection dropped, while the status was checked
    if (limits.signal?.aborted || req.destroyed || res.destroyed)
      throw abortError(limits.signal);
  } catch (e) {
    clearDeadline();
    req.destroy();
    throw e;
  }
  clearDeadline();
  let expired = false;
  const lifetime = setTimeout(() => {
    expired = true;
    req.destroy();
  }, limits.maxLifetimeMs);
  const abort = () => req.destroy(abortError(limits.signal));
  limits.signal?.addEventListener('abort', abort, { once: true });
  const ended = new Promise<{ error?: Error }>(resolve => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(lifetime);
      limits.signal?.removeEventListener('abort', abort);
      req.destroy();
      resolve(expired ? {} : { error });
    };
    readLines(res, limits.onEvent, finish);
    res.once('end', () => finish());
    res.on('error', e => finish(e));
    req.on('error', e => finish(e));
    res.once('close', () =>
      finish(
        res.complete
          ? undefined
          : new Error('the connection to the API server closed mid-watch'),
      ),
    );
  });
  return { ended, abort };
}

function readLines(
  res: http.IncomingMessage,
  onEvent: (type: string, object: any) => void,
  fail: (e: Error) => void,
) {
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let start = 0;
    for (
      let nl = buffer.indexOf('\n');
      nl >= 0;
      nl = buffer.indexOf('\n', start)
    ) {
      const line = buffer.slice(start, nl).trim();
      start = nl + 1;
      if (!line) continue;
      let event: any;
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      if (!event?.type) continue;
      try {
        onEvent(String(event.type), event.object);
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
    }
    buffer = buffer.slice(start);
    if (buffer.length > MAX_LINE_CHARS)
      fail(new Error('the API server sent a watch event that is too large'));
  });
}
