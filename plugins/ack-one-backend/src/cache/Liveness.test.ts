import { mockServices } from '@backstage/backend-test-utils';
import {
  cachingCredentials,
  credentialsFrom,
  eventually,
  kubeConfigFor,
  sendJson,
  startFakeApiServer,
  startSilentServer,
} from './__testUtils__/fakeApiServer';
import { Liveness } from './Liveness';
import { WatchedMemberCluster } from './WatchedCluster';

describe('Liveness', () => {
  it('reports a server that accepts connections and never answers as dead, holding at most one connection', async () => {
    const silent = await startSilentServer();
    const dead: string[] = [];
    const liveness = new Liveness({
      credentials: credentialsFrom(() => kubeConfigFor(silent.url)),
      options: { intervalMs: 5, timeoutMs: 30 },
      logger: mockServices.logger.mock(),
      onDead: reason => dead.push(reason),
    });
    try {
      liveness.start();
      const state = await eventually(
        () => liveness.state(),
        s => s.failing,
      );
      expect(state).toMatchObject({
        failing: true,
        message: expect.stringMatching(/^timed out after [\d.]+ s$/),
      });
      let maxOpen = 0;
      await eventually(
        () => {
          maxOpen = Math.max(maxOpen, silent.sockets.open());
          return silent.sockets.accepted();
        },
        n => n >= 15,
      );
      expect(silent.sockets.accepted()).toBeGreaterThanOrEqual(15);
      // one probe at a time, each closed at its deadline
      expect(maxOpen).toBeLessThanOrEqual(1);
      expect(dead).toEqual([state.message]);
    } finally {
      liveness.stop();
      await silent.close();
    }
  });

  it('reads the credentials again once after a 401, and is alive with the new ones', async () => {
    const server = await startFakeApiServer((req, res) =>
      req.token === 'good'
        ? sendJson(res, 200, { gitVersion: 'v1.31.1' })
        : sendJson(res, 401, { message: 'Unauthorized' }),
    );
    const tokens = ['revoked', 'good'];
    const source = cachingCredentials(() =>
      kubeConfigFor(server.url, tokens.shift() ?? 'good'),
    );
    const dead: string[] = [];
    const liveness = new Liveness({
      credentials: credentialsFrom(source.kubeConfig, source.invalidate),
      options: { intervalMs: 5, timeoutMs: 1_000 },
      logger: mockServices.logger.mock(),
      onDead: reason => dead.push(reason),
    });
    try {
      liveness.start();
      await eventually(
        () => liveness.state(),
        s => !!s.lastAlive,
      );
      expect(liveness.state().failing).toBe(false);
      expect(source.counts).toEqual({ fetches: 2, invalidations: 1 });
      expect(server.seen.map(r => r.token).slice(0, 2)).toEqual([
        'revoked',
        'good',
      ]);
      expect(dead).toEqual([]);
    } finally {
      liveness.stop();
      await server.close();
    }
  });

  it('reports credentials rejected twice in a row, without dropping the watches', async () => {
    const server = await startFakeApiServer((_req, res) =>
      sendJson(res, 401, { message: 'Unauthorized' }),
    );
    const source = cachingCredentials(() => kubeConfigFor(server.url, 'bad'));
    const dead: string[] = [];
    const liveness = new Liveness({
      credentials: credentialsFrom(source.kubeConfig, source.invalidate),
      options: { intervalMs: 5, timeoutMs: 1_000 },
      logger: mockServices.logger.mock(),
      onDead: reason => dead.push(reason),
    });
    try {
      liveness.start();
      const state = await eventually(
        () => liveness.state(),
        s => s.failing,
      );
      expect(state.message).toBe(
        'the API server rejected the credentials ACK One issued (401), also after they were read again',
      );
      expect(dead).toEqual([]);
    } finally {
      liveness.stop();
      await server.close();
    }
  });
});

describe('WatchedMemberCluster against an API server that never answers', () => {
  it('is unreachable, and its open connections do not grow with the probes', async () => {
    const silent = await startSilentServer();
    const cluster = new WatchedMemberCluster({
      kubeConfig: () => kubeConfigFor(silent.url),
      logger: mockServices.logger.mock(),
      liveness: { intervalMs: 5, timeoutMs: 30 },
      requests: { requestTimeoutMs: 30, watchOpenTimeoutMs: 30 },
    });
    try {
      cluster.start();
      const state = await eventually(
        () => cluster.state(),
        s => !!s.message,
      );
      expect(state.reachable).toBe(false);
      expect(state.message).toMatch(/^timed out after [\d.]+ s$/);
      let maxOpen = 0;
      await eventually(
        () => {
          maxOpen = Math.max(maxOpen, silent.sockets.open());
          return silent.sockets.accepted();
        },
        n => n >= 40,
      );
      // at most the four list requests and one probe at a time
      expect(maxOpen).toBeLessThanOrEqual(5);
    } finally {
      cluster.stop();
      await silent.close();
    }
  });
});
