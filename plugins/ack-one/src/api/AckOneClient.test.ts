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
});
