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
});
