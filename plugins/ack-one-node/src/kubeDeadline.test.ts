import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultAckOneService } from './DefaultAckOneService';
import { toAckOneApiError } from './errors';
import { KubeDeadlineError, withKubeDeadline } from './kubeDeadline';
import { loadKubernetesClient } from './loadKubernetesClient';
import { RetryClock, withRetry } from './retry';

/** A local API server answering with `handler`, reached over plain http. */
async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const service = new DefaultAckOneService({ accounts: [] });
  const kc = await service.toKubeConfig({
    config: '',
    clusterId: 'c1',
    connection: { server: `http://127.0.0.1:${port}`, token: 'the-token' },
  });
  const k8s = await loadKubernetesClient();
  return {
    core: kc.makeApiClient(k8s.CoreV1Api),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NAMESPACES = JSON.stringify({
  kind: 'NamespaceList',
  apiVersion: 'v1',
  metadata: {},
  items: [{ metadata: { name: 'web-demo' } }],
});

describe('Kubernetes requests', () => {
  it('retry a 429 after its Retry-After', async () => {
    const seen: Array<string | undefined> = [];
    const api = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      if (seen.length === 1) {
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': '1',
        });
        res.end('{"kind":"Status","code":429,"reason":"TooManyRequests"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(NAMESPACES);
    });
    try {
      const sleeps: number[] = [];
      let now = 0;
      const clock: RetryClock = {
        now: () => now,
        sleep: async ms => {
          sleeps.push(ms);
          now += ms;
        },
        random: () => 0,
      };
      const list = await withRetry(
        remaining =>
          withKubeDeadline(
            options => api.core.listNamespace({}, options),
            remaining,
          ),
        e => toAckOneApiError(e, { call: 'k8s:list namespaces', account: 'a' }),
        {
          maxAttempts: 3,
          baseDelayMs: 10,
          maxDelayMs: 100,
          deadlineMs: 30_000,
        },
        clock,
      );
      expect(list.items.map(n => n.metadata?.name)).toEqual(['web-demo']);
      expect(seen).toEqual(['Bearer the-token', 'Bearer the-token']);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    } finally {
      await api.close();
    }
  });

  it('fail at once when the Retry-After is past the deadline', async () => {
    const api = await startServer((_req, res) => {
      res.writeHead(429, { 'retry-after': '60' });
      res.end();
    });
    try {
      const sleeps: number[] = [];
      const err = await withRetry(
        remaining =>
          withKubeDeadline(
            options => api.core.listNamespace({}, options),
            remaining,
          ),
        e => toAckOneApiError(e, { call: 'k8s:list namespaces', account: 'a' }),
        { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, deadlineMs: 5_000 },
        {
          now: () => 0,
          sleep: async ms => {
            sleeps.push(ms);
          },
          random: () => 0,
        },
      ).catch(e => e);
      expect(err).toMatchObject({ status: 429, throttled: true });
      expect(err.message).toMatch(
        /throttled: the server asks to wait 60000 ms before retrying, more than the 5000 ms left before the call's deadline/,
      );
      expect(sleeps).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('are aborted when their deadline passes', async () => {
    let aborted!: () => void;
    const closed = new Promise<void>(resolve => {
      aborted = resolve;
    });
    // never answers; tells when the client goes away
    const api = await startServer(req => {
      req.socket.on('close', aborted);
    });
    try {
      const err = await withKubeDeadline(
        options => api.core.listNamespace({}, options),
        50,
      ).catch(e => e);
      expect(err).toBeInstanceOf(KubeDeadlineError);
      expect(
        toAckOneApiError(err, { call: 'k8s', account: 'a' }),
      ).toMatchObject({ code: 'RequestTimeout', retryable: true });
      await closed;
    } finally {
      await api.close();
    }
  });

  it('are aborted by the caller’s signal too', async () => {
    const api = await startServer(() => {});
    try {
      const controller = new AbortController();
      const pending = withKubeDeadline(
        options => api.core.listNamespace({}, options),
        60_000,
        controller.signal,
      ).catch(e => e);
      controller.abort();
      const err = await pending;
      expect(err).not.toBeInstanceOf(KubeDeadlineError);
      expect(err.name).toBe('AbortError');
    } finally {
      await api.close();
    }
  });
});
