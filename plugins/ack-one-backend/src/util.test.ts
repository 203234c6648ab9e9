import {
  kubeConfigFor,
  sendJson,
  startFakeApiServer,
  startSilentServer,
} from './cache/__testUtils__/fakeApiServer';
import { probeApiServer } from './util';

describe('probeApiServer', () => {
  it('fails at its deadline against a server that never answers, and closes the connection', async () => {
    const silent = await startSilentServer();
    try {
      const kc = await kubeConfigFor(silent.url);
      for (let i = 0; i < 5; i++)
        await expect(probeApiServer(kc, 50)).rejects.toThrow(
          'the API server did not answer within 50 ms',
        );
      expect(silent.sockets.accepted()).toBe(5);
      // every probe closed its connection when it gave up
      await new Promise(r => setTimeout(r, 50));
      expect(silent.sockets.open()).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('closes the connection when its signal aborts', async () => {
    const silent = await startSilentServer();
    try {
      const kc = await kubeConfigFor(silent.url);
      const abort = new AbortController();
      const probe = probeApiServer(kc, 60_000, abort.signal);
      while (silent.sockets.accepted() === 0)
        await new Promise(r => setTimeout(r, 5));
      abort.abort();
      await expect(probe).rejects.toThrow();
      await new Promise(r => setTimeout(r, 50));
      expect(silent.sockets.open()).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('resolves when the server answers, and reports its status otherwise', async () => {
    let status = 200;
    const server = await startFakeApiServer((_req, res) =>
      status === 200
        ? sendJson(res, 200, { gitVersion: 'v1.31.1' })
        : sendJson(res, status, { kind: 'Status', message: 'Unauthorized' }),
    );
    try {
      const kc = await kubeConfigFor(server.url, 'sekret-token');
      await expect(probeApiServer(kc, 1_000)).resolves.toBeUndefined();
      expect(server.seen[0]).toMatchObject({
        path: '/version',
        token: 'sekret-token',
      });
      status = 401;
      const err = await probeApiServer(kc, 1_000).catch(e => e);
      expect(err).toMatchObject({ code: 401 });
      expect(err.message).toBe('the API server answered 401: Unauthorized');
    } finally {
      await server.close();
    }
  });
});
