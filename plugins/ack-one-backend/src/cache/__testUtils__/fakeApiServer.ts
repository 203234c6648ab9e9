import http from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { loadKubernetesClient } from '@internal/plugin-ack-one-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Timers } from '../backoff';
import { REAL_TIMERS } from '../backoff';
import { Credentials } from '../Credentials';
import { eventually as pollUntil } from '../../__testUtils__/demo';

/** One request a fake API server received. */
export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  token?: string;
  watch: boolean;
}

/** Counts the connections a server holds open, and all it accepted. */
export function trackSockets(server: net.Server) {
  const open = new Set<Socket>();
  let accepted = 0;
  server.on('connection', (s: Socket) => {
    accepted++;
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  return {
    open: () => open.size,
    accepted: () => accepted,
    destroyAll: () => {
      for (const s of open) s.destroy();
    },
  };
}

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A plain-HTTP stand-in for an API server, answering with `handle`. */
export async function startFakeApiServer(
  handle: (
    req: SeenRequest,
    res: http.ServerResponse,
    seen: SeenRequest[],
  ) => void,
) {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    const r: SeenRequest = {
      path: url.pathname,
      query: url.searchParams,
      token: auth?.startsWith('Bearer ') ? auth.slice(7) : undefined,
      watch: url.searchParams.get('watch') === 'true',
    };
    seen.push(r);
    handle(r, res, seen);
  });
  const sockets = trackSockets(server);
  const url = await listen(server);
  return {
    url,
    seen,
    sockets,
    close: async () => {
      sockets.destroyAll();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** A server that accepts connections, reads what is sent, and never writes a byte. */
export async function startSilentServer() {
  const server = net.createServer(s => s.resume());
  const sockets = trackSockets(server);
  const url = await listen(server);
  return {
    url,
    sockets,
    close: async () => {
      sockets.destroyAll();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

export function sendJson(
  res: http.ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const emptyList = (rv = '1') => ({
  kind: 'List',
  metadata: { resourceVersion: rv },
  items: [],
});

/** A KubeConfig for `server` (plain HTTP allowed) with a bearer token. */
export async function kubeConfigFor(
  server: string,
  token = 'token',
): Promise<KubeConfig> {
  const k8s = await loadKubernetesClient();
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server, skipTLSVerify: server.startsWith('http:') },
    ],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

/**
 * Credentials read from a stand-in for ACK One that caches one kubeconfig
 * until it is invalidated, counting the fetches and invalidations.
 */
export function cachingCredentials(issue: () => Promise<KubeConfig>) {
  let cached: Promise<KubeConfig> | undefined;
  const counts = { fetches: 0, invalidations: 0 };
  const kubeConfig = () => {
    if (!cached) {
      counts.fetches++;
      cached = issue();
    }
    return cached;
  };
  const invalidate = () => {
    counts.invalidations++;
    cached = undefined;
  };
  return { kubeConfig, invalidate, counts };
}

export function credentialsFrom(
  kubeConfig: () => Promise<KubeConfig>,
  invalidate?: () => void,
) {
  return new Credentials({
    fetch: kubeConfig,
    invalidate,
    logger: mockServices.logger.mock(),
  });
}

/** Timers that record every wait asked for and wait at most `capMs`. */
export function recordingTimers(capMs = 10) {
  const delays: number[] = [];
  const timers: Timers = {
    after(ms, fn) {
      delays.push(ms);
      return REAL_TIMERS.after(Math.min(ms, capMs), fn);
    },
    random: REAL_TIMERS.random,
  };
  return { timers, delays };
}

/** Polls `read` every 20 ms until `accept` holds or `timeoutMs` passes. */
export const eventually = <T>(
  read: () => T,
  accept: (v: T) => boolean,
  timeoutMs = 10_000,
) => pollUntil(read, accept, timeoutMs, 20);

export const pause = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));
