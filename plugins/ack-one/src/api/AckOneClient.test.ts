import { ResponseError } from '@backstage/errors';
import { AckOneClient } from './AckOneClient';

describe('AckOneClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn(async (id: string) => `http://backstage/api/${id}`),
  };

  it('calls the health endpoint of the ack-one backend', async () => {
    const health = {
      clusterId: 'c1/x',
      reachable: true,
      checkedAt: '2025-01-01T00:00:00Z',
      latencyMs: 12,
    };
    const fetchApi = {
      fetch: jest.fn(
        async () =>
          new Response(JSON.stringify(health), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    };
    const client = new AckOneClient({ discoveryApi, fetchApi });
    await expect(client.getClusterHealth('c1/x')).resolves.toEqual(health);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('ack-one');
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/ack-one/v1/clusters/c1%2Fx/health',
    );
  });

  it('throws a ResponseError on failure', async () => {
    const fetchApi = {
      fetch: jest.fn(
        async () =>
          new Response('nope', { status: 404, statusText: 'Not Found' }),
      ),
    };
    const client = new AckOneClient({ discoveryApi, fetchApi });
    const error = await client.getClusterHealth('c1').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
  });

  describe('getDrStatus', () => {
    const json = (body: unknown, status = 200, statusText = 'OK') =>
      new Response(JSON.stringify(body), {
        status,
        statusText,
        headers: { 'Content-Type': 'application/json' },
      });

    it('calls the dr-status endpoint with encoded path segments', async () => {
      const status = {
        entityRef: 'component:team-a/web demo',
        generatedAt: '2025-06-01T08:00:00Z',
        problems: [],
        clusters: [],
        workloads: [],
        parity: { state: 'unknown', findings: [] },
        gateway: { reachable: true, routes: [], issues: [] },
        capacity: [],
        warnings: [],
      };
      const fetchApi = { fetch: jest.fn(async () => json(status)) };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      await expect(
        client.getDrStatus({
          kind: 'Component',
          namespace: 'team-a',
          name: 'web demo/x',
        }),
      ).resolves.toEqual(status);
      expect(fetchApi.fetch).toHaveBeenCalledWith(
        'http://backstage/api/ack-one/v1/entities/Component/team-a/web%20demo%2Fx/dr-status',
      );
    });

    it('rejects with the NotFoundError of a 404', async () => {
      const fetchApi = {
        fetch: jest.fn(async () =>
          json(
            {
              error: {
                name: 'NotFoundError',
                message: 'No entity component:default/gone',
              },
              request: {
                method: 'GET',
                url: '/v1/entities/component/default/gone/dr-status',
              },
              response: { statusCode: 404 },
            },
            404,
            'Not Found',
          ),
        ),
      };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      const error = await client
        .getDrStatus({ kind: 'component', namespace: 'default', name: 'gone' })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(404);
      expect(error.cause.name).toBe('NotFoundError');
      expect(error.cause.message).toBe('No entity component:default/gone');
    });

    it('rejects with a ResponseError on a server error', async () => {
      const fetchApi = {
        fetch: jest.fn(
          async () =>
            new Response('upstream down', {
              status: 502,
              statusText: 'Bad Gateway',
            }),
        ),
      };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      const error = await client
        .getDrStatus({ kind: 'component', namespace: 'default', name: 'x' })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(502);
    });
  });

  describe('failovers', () => {
    const request = {
      id: 'fo/1',
      entityRef: 'component:default/web-demo',
      state: 'requested',
    };
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    const input = {
      entityRef: 'component:default/web-demo',
      steps: [{ weights: { a: 0, b: 100 } }],
      reason: 'maintenance',
    };
    const base = 'http://backstage/api/ack-one/v1/failovers';
    const post = (body: unknown) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

    it('posts the input to the checks and request endpoints', async () => {
      const checks = { checks: [], predicted: [] };
      const fetchApi = {
        fetch: jest
          .fn()
          .mockResolvedValueOnce(json(checks))
          .mockResolvedValueOnce(json(request, 201)),
      };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      await expect(client.checkFailover(input)).resolves.toEqual(checks);
      await expect(client.requestFailover(input)).resolves.toEqual(request);
      expect(fetchApi.fetch).toHaveBeenNthCalledWith(
        1,
        `${base}/checks`,
        post(input),
      );
      expect(fetchApi.fetch).toHaveBeenNthCalledWith(2, base, post(input));
    });

    it('lists a page by entity ref, limit and cursor', async () => {
      const fetchApi = {
        fetch: jest.fn(async () =>
          json({ items: [request], nextCursor: 'c2' }),
        ),
      };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      await expect(
        client.listFailovers('component:default/web demo', {
          limit: 20,
          cursor: 'a+b',
        }),
      ).resolves.toEqual({ items: [request], nextCursor: 'c2' });
      await client.listFailovers('component:default/web-demo');
      expect(fetchApi.fetch).toHaveBeenNthCalledWith(
        1,
        `${base}?entityRef=component%3Adefault%2Fweb+demo&limit=20&cursor=a%2Bb`,
      );
      expect(fetchApi.fetch).toHaveBeenNthCalledWith(
        2,
        `${base}?entityRef=component%3Adefault%2Fweb-demo`,
      );
    });

    it('gets one request and posts decisions with their reason', async () => {
      const fetchApi = { fetch: jest.fn(async () => json(request)) };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      await client.getFailover('fo/1');
      await client.approveFailover('fo/1');
      await client.approveFailover('fo/1', 'looks right');
      await client.rejectFailover('fo/1', 'not now');
      await client.cancelFailover('fo/1');
      expect(fetchApi.fetch.mock.calls).toEqual([
        [`${base}/fo%2F1`],
        [`${base}/fo%2F1/approve`, post({})],
        [`${base}/fo%2F1/approve`, post({ reason: 'looks right' })],
        [`${base}/fo%2F1/reject`, post({ reason: 'not now' })],
        [`${base}/fo%2F1/cancel`, post({})],
      ]);
    });

    it("rejects with the server's message, e.g. a 409 listing failed checks", async () => {
      const fetchApi = {
        fetch: jest.fn(async () =>
          json(
            {
              error: {
                name: 'ConflictError',
                message:
                  'Safety checks failed: capacity: ack-hangzhou has 2 of 4 ready',
              },
              response: { statusCode: 409 },
            },
            409,
          ),
        ),
      };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      const error = await client.requestFailover(input).catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(409);
      expect(error.body.error.message).toBe(
        'Safety checks failed: capacity: ack-hangzhou has 2 of 4 ready',
      );
    });
  });

  describe('overview, blast radius and Fleet gateway', () => {
    const ok = (body: unknown) =>
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });

    it('asks for the overview once, narrowed by system and owner', async () => {
      const overview = { generatedAt: '2026-11-27T05:00:00Z', items: [] };
      const fetchApi = { fetch: jest.fn(async () => ok(overview)) };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      await expect(client.getOverview()).resolves.toEqual(overview);
      await client.getOverview({
        system: 'system:default/demo-shop',
        owner: 'group:default/platform-team',
      });
      expect(fetchApi.fetch.mock.calls).toEqual([
        ['http://backstage/api/ack-one/v1/overview'],
        [
          'http://backstage/api/ack-one/v1/overview?system=system%3Adefault%2Fdemo-shop&owner=group%3Adefault%2Fplatform-team',
        ],
      ]);
    });

    it('asks for the blast radius of a cluster and a Fleet gateway', async () => {
      const fetchApi = { fetch: jest.fn(async () => ok({})) };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      await client.getBlastRadius('c-idc&1');
      await client.getFleetGateway('fleet/1');
      expect(fetchApi.fetch.mock.calls).toEqual([
        [
          'http://backstage/api/ack-one/v1/overview/blast-radius?cluster=c-idc%261',
        ],
        ['http://backstage/api/ack-one/v1/fleets/fleet%2F1/gateway'],
      ]);
    });

    it("rejects with the backend's message", async () => {
      const fetchApi = {
        fetch: jest.fn(
          async () =>
            new Response(
              JSON.stringify({
                error: { name: 'InputError', message: 'cluster is required' },
                response: { statusCode: 400 },
              }),
              {
                status: 400,
                statusText: 'Bad Request',
                headers: { 'Content-Type': 'application/json' },
              },
            ),
        ),
      };
      const client = new AckOneClient({ discoveryApi, fetchApi });
      const error = await client.getBlastRadius('').catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(400);
      expect(error.body.error.message).toBe('cluster is required');
    });
  });
});
