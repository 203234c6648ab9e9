import { mockServices } from '@backstage/backend-test-utils';
import {
  cachingCredentials,
  credentialsFrom,
  emptyList,
  eventually,
  kubeConfigFor,
  pause,
  recordingTimers,
  sendJson,
  startFakeApiServer,
} from './__testUtils__/fakeApiServer';
import { NAMESPACES } from './kinds';
import { Reflector, ReflectorOptions } from './Reflector';
import type { Timers } from './backoff';

const namespace = (name: string, rv: string) => ({
  metadata: { name, resourceVersion: rv, labels: { team: 'a' } },
});

function reflectorOn(
  url: string,
  options: {
    credentials?: ReturnType<typeof credentialsFrom>;
    requests?: Partial<ReflectorOptions>;
    timers?: Timers;
  } = {},
) {
  return new Reflector({
    kind: NAMESPACES,
    credentials:
      options.credentials ?? credentialsFrom(() => kubeConfigFor(url)),
    logger: mockServices.logger.mock(),
    options: options.requests,
    timers: options.timers,
  });
}

describe('Reflector', () => {
  let close: (() => Promise<void>) | undefined;
  let reflector: Reflector<any> | undefined;
  afterEach(async () => {
    reflector?.stop();
    await close?.();
    reflector = undefined;
    close = undefined;
  });

  it('backs off when the server ends every watch at once', async () => {
    const server = await startFakeApiServer((req, res) => {
      if (!req.watch) return sendJson(res, 200, emptyList());
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end();
    });
    close = server.close;
    reflector = reflectorOn(server.url, {
      requests: { backoffBaseMs: 200, minWatchMs: 1_000 },
    });
    reflector.start();
    await pause(2_000);
    const watches = server.seen.filter(r => r.watch).length;
    // waits of [100, 200), [200, 400), [400, 800), [800, 1600) ms: a
    // handful of watches in 2 s, not the hundreds of a reconnect loop
    expect(watches).toBeGreaterThanOrEqual(2);
    expect(watches).toBeLessThanOrEqual(6);
    expect(server.seen.filter(r => !r.watch)).toHaveLength(1);
    expect(reflector.state().connected).toBe(true);
  });

  it('gives up on a watch the server does not accept in time, closing its connection', async () => {
    const server = await startFakeApiServer((req, res) => {
      if (!req.watch) sendJson(res, 200, emptyList());
      // watches are never answered
    });
    close = server.close;
    const { timers, delays } = recordingTimers();
    reflector = reflectorOn(server.url, {
      timers,
      requests: { watchOpenTimeoutMs: 30 },
    });
    reflector.start();
    let maxOpen = 0;
    await eventually(
      () => {
        maxOpen = Math.max(maxOpen, server.sockets.open());
        return server.seen.filter(r => r.watch).length;
      },
      n => n >= 5,
    );
    expect(reflector.state()).toMatchObject({
      connected: false,
      message: 'the API server did not answer within 30 ms',
    });
    expect(maxOpen).toBeLessThanOrEqual(1);
    // a wait before every new attempt
    expect(delays.length).toBeGreaterThanOrEqual(4);
  });

  it('re-lists after 410 Gone, with backoff when it keeps happening', async () => {
    const server = await startFakeApiServer((req, res) => {
      if (!req.watch) return sendJson(res, 200, emptyList('5'));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: { kind: 'Status', code: 410, reason: 'Expired' },
        })}\n`,
      );
      return undefined;
    });
    close = server.close;
    const { timers, delays } = recordingTimers();
    reflector = reflectorOn(server.url, {
      timers,
      requests: { backoffBaseMs: 200 },
    });
    reflector.start();
    await eventually(
      () => server.seen.filter(r => !r.watch).length,
      n => n >= 4,
    );
    reflector.stop();
    // every watch is followed by a list, after a growing wait
    expect(server.seen.slice(0, 6).map(r => r.watch)).toEqual([
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(server.seen[1].query.get('resourceVersion')).toBe('5');
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[2]).toBeGreaterThanOrEqual(400);
  });

  it('waits for the Retry-After of a throttled list', async () => {
    let lists = 0;
    const server = await startFakeApiServer((req, res) => {
      if (req.watch) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(
          `${JSON.stringify({ type: 'ADDED', object: namespace('a', '2') })}\n`,
        );
        return undefined;
      }
      lists++;
      if (lists === 1)
        return sendJson(
          res,
          429,
          { kind: 'Status', code: 429, message: 'Too many requests' },
          { 'Retry-After': '3' },
        );
      return sendJson(res, 200, emptyList());
    });
    close = server.close;
    const { timers, delays } = recordingTimers();
    reflector = reflectorOn(server.url, { timers });
    reflector.start();
    await eventually(
      () => reflector!.items.size,
      n => n === 1,
    );
    expect(lists).toBe(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(3_000);
    expect(reflector.state().connected).toBe(true);
  });

  it('reads the credentials again once after a 401 and retries at once', async () => {
    const server = await startFakeApiServer((req, res) => {
      if (req.token !== 'good')
        return sendJson(res, 401, { kind: 'Status', message: 'Unauthorized' });
      if (!req.watch) return sendJson(res, 200, emptyList());
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(
        `${JSON.stringify({ type: 'ADDED', object: namespace('a', '2') })}\n`,
      );
      return undefined;
    });
    close = server.close;
    const tokens = ['revoked', 'good'];
    const source = cachingCredentials(() =>
      kubeConfigFor(server.url, tokens.shift() ?? 'unexpected'),
    );
    const { timers, delays } = recordingTimers();
    reflector = reflectorOn(server.url, {
      timers,
      credentials: credentialsFrom(source.kubeConfig, source.invalidate),
    });
    reflector.start();
    await eventually(
      () => reflector!.items.size,
      n => n === 1,
    );
    expect(source.counts).toEqual({ fetches: 2, invalidations: 1 });
    expect(delays).toEqual([]);
    expect(reflector.state()).toMatchObject({ connected: true });
  });

  it('reports credentials rejected again after they were read again, and backs off', async () => {
    const server = await startFakeApiServer((_req, res) =>
      sendJson(res, 401, { kind: 'Status', message: 'Unauthorized' }),
    );
    close = server.close;
    const source = cachingCredentials(() => kubeConfigFor(server.url, 'bad'));
    const { timers, delays } = recordingTimers();
    reflector = reflectorOn(server.url, {
      timers,
      credentials: credentialsFrom(source.kubeConfig, source.invalidate),
    });
    reflector.start();
    const state = await eventually(
      () => reflector!.state(),
      s => !!s.message,
    );
    reflector.stop();
    expect(state).toMatchObject({
      connected: false,
      message:
        'the API server rejected the credentials ACK One issued (401), also after they were read again',
    });
    expect(server.seen.slice(0, 2).map(r => r.path)).toEqual([
      '/api/v1/namespaces',
      '/api/v1/namespaces',
    ]);
    expect(delays[0]).toBeGreaterThan(0);
    // one fetch per attempt at most: no loop on ACK One either
    expect(source.counts.fetches).toBeLessThanOrEqual(delays.length + 2);
  });

  it('keeps its watch and reconnects with the previous credentials when ACK One cannot be read', async () => {
    const server = await startFakeApiServer((req, res) => {
      if (!req.watch) return sendJson(res, 200, emptyList());
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(
        `${JSON.stringify({
          type: 'ADDED',
          object: namespace(`ns-${server.seen.length}`, '2'),
        })}\n`,
      );
      // the server ends each watch after the timeout it was asked for
      setTimeout(
        () => res.end(),
        Number(req.query.get('timeoutSeconds')) * 1000,
      );
      return undefined;
    });
    close = server.close;
    let fetches = 0;
    const kc = await kubeConfigFor(server.url);
    const credentials = credentialsFrom(async () => {
      fetches++;
      if (fetches > 1) throw new Error('ACK One: ServiceUnavailable');
      return kc;
    });
    reflector = reflectorOn(server.url, {
      credentials,
      requests: { watchTimeoutSeconds: 1, minWatchMs: 100 },
    });
    reflector.start();
    await eventually(
      () => server.seen.filter(r => r.watch).length,
      n => n >= 3,
    );
    expect(fetches).toBeGreaterThanOrEqual(3);
    expect(reflector.state()).toMatchObject({
      connected: true,
      message: undefined,
    });
    expect(reflector.items.size).toBeGreaterThanOrEqual(2);
  });
});
