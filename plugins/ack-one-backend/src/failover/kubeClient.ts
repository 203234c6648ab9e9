import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeRequestError, KubeTimeoutError } from '../cache/requests';

/** Most a JSON answer of a single object may weigh. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A JSON request to one API server, with a deadline. */
export type KubeJson = (
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
) => Promise<any>;

interface KubeJsonOptions {
  kubeConfig: () => Promise<KubeConfig>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The URL and connection options of a request to the API server of `kc`. */
async function requestTarget(kc: KubeConfig, path: string) {
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new Error('the kubeconfig names no API server for its context');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  const tls: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  return { url, tls };
}

/** Resolves with the parsed body of a 2xx answer, rejects with the status otherwise. */
function readAnswer(
  req: http.ClientRequest,
  res: http.IncomingMessage,
  settle: (e: unknown, value?: any) => void,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY_BYTES) req.destroy(new Error('answer too large'));
    else chunks.push(c);
  });
  res.on('error', e => settle(e));
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) settle(undefined, parsed);
    else {
      const message = String(parsed?.message ?? '').slice(0, 200);
      settle(new KubeRequestError(code, {}, message));
    }
  });
}

/** Ends `req` on the deadline or on abort; returns what undoes both. */
function bound(req: http.ClientRequest, options: KubeJsonOptions) {
  const timer = setTimeout(
    () => req.destroy(new KubeTimeoutError(options.timeoutMs)),
    options.timeoutMs,
  );
  const onAbort = () => {
    const e = new Error('the request was aborted');
    e.name = 'AbortError';
    req.destroy(e);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  };
}

async function requestJson(
  options: KubeJsonOptions,
  method: string,
  path: string,
  body: unknown,
): Promise<any> {
  options.signal?.throwIfAborted();
  const { url, tls } = await requestTarget(await options.kubeConfig(), path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const lib = url.protocol === 'http:' ? http : https;
  return new Promise<any>((resolve, reject) => {
    const req = lib.request(url, {
      method,
      agent: tls.agent,
      auth: tls.auth,
      headers: {
        ...tls.headers,
        Accept: 'application/json',
        ...(payload
          ? {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(payload),
            }
          : {}),
      },
    });
    const unbind = bound(req, options);
    const settle = (e: unknown, value?: any) => {
      unbind();
      if (e) reject(e);
      else resolve(value);
    };
    req.on('error', e => settle(e));
    req.on('response', res => readAnswer(req, res, settle));
    req.end(payload);
  });
}

/**
 * JSON requests to the API server of `kubeConfig` (read on every request:
 * ACK One caches the credentials). Error statuses throw a `KubeRequestError`
 * (its `code` is the HTTP status); the deadline destroys the connection.
 */
export function kubeJsonClient(options: KubeJsonOptions): KubeJson {
  return (method, path, body) => requestJson(options, method, path, body);
}
