import { mockServices } from '@backstage/backend-test-utils';
import type { AckOneClusterRef } from './clusterRef';
import {
  KUBECONFIG_DEFAULT_TTL_MS,
  KubeconfigCache,
  LoadedKubeconfig,
} from './KubeconfigCache';

const HOUR = 3600_000;

function kubeconfigText(token: string, server = 'https://10.0.0.5:6443') {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    `    server: ${server}`,
    'users:',
    '- name: u',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: x',
    '  context: {cluster: c, user: u}',
    'current-context: x',
  ].join('\n');
}

const cluster = (clusterId: string, extra: Partial<AckOneClusterRef> = {}) =>
  ({
    kind: 'cluster',
    account: 'prod',
    region: 'cn-hangzhou',
    clusterId,
    ...extra,
  } as AckOneClusterRef);

function setup() {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const logger = mockServices.logger.mock();
  const cache = new KubeconfigCache({ now: () => now, logger });
  let n = 0;
  let failWith: Error | undefined;
  const load = jest.fn(async (): Promise<LoadedKubeconfig> => {
    if (failWith) throw failWith;
    n++;
    return {
      config: kubeconfigText(`token-${n}`),
      expiration: new Date(now + HOUR),
    };
  });
  return {
    cache,
    load,
    logger,
    advance: (ms: number) => (now += ms),
    fail: (e?: Error) => (failWith = e),
  };
}

describe('KubeconfigCache', () => {
  it('shares one fetch between concurrent callers and caches until shortly before expiry', async () => {
    const { cache, load, advance } = setup();
    const [a, b] = await Promise.all([
      cache.get(cluster('c1'), 'private', load),
      cache.get(cluster('c1'), 'private', load),
    ]);
    expect(a).toBe(b);
    expect(a.connection.token).toBe('token-1');
    expect(a.clusterId).toBe('c1');
    expect(load).toHaveBeenCalledTimes(1);

    advance(50 * 60_000);
    await expect(cache.get(cluster('c1'), 'private', load)).resolves.toBe(a);
    // past expiry minus the refresh margin: fetched again
    advance(6 * 60_000);
    const c = await cache.get(cluster('c1'), 'private', load);
    expect(c.connection.token).toBe('token-2');
  });

  it('keeps a still-valid kubeconfig when its refresh fails, logging a redacted warning', async () => {
    const { cache, load, logger, advance, fail } = setup();
    const first = await cache.get(cluster('c1'), 'private', load);
    advance(57 * 60_000);
    fail(new Error('DescribeClusterUserKubeconfig failed: token-1 leaked'));
    await expect(cache.get(cluster('c1'), 'private', load)).resolves.toBe(
      first,
    );
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const warning = String(logger.warn.mock.calls[0][0]);
    expect(warning).toMatch(
      /refreshing the kubeconfig of cluster c1 \(account prod, region cn-hangzhou\) failed; using the cached one/,
    );
    expect(warning).not.toContain('token-1');

    // the cloud is not asked again on every call while it fails
    const calls = load.mock.calls.length;
    await cache.get(cluster('c1'), 'private', load);
    expect(load.mock.calls.length).toBe(calls);

    // once the credentials really expire, the failure is reported
    advance(3 * 60_000);
    await expect(cache.get(cluster('c1'), 'private', load)).rejects.toThrow(
      /token-1 leaked/,
    );
  });

  it('keeps a kubeconfig without expiration up to twice the default TTL when refreshes fail', async () => {
    const { cache, advance } = setup();
    const load = jest.fn(async () => ({ config: kubeconfigText('fleet') }));
    const fleet = cluster('f1', { kind: 'fleet' });
    const first = await cache.get(fleet, 'private', load);
    advance(KUBECONFIG_DEFAULT_TTL_MS + 1);
    load.mockRejectedValue(new Error('cloud down'));
    await expect(cache.get(fleet, 'private', load)).resolves.toBe(first);
    advance(KUBECONFIG_DEFAULT_TTL_MS);
    await expect(cache.get(fleet, 'private', load)).rejects.toThrow(
      'cloud down',
    );
  });

  it('fails a first fetch, and refuses plain http to a non-loopback API server', async () => {
    const { cache } = setup();
    await expect(
      cache.get(cluster('c1'), 'private', async () => {
        throw new Error('not found');
      }),
    ).rejects.toThrow('not found');
    await expect(
      cache.get(cluster('c9'), 'private', async () => ({
        config: kubeconfigText('t', 'http://10.0.0.9:6443'),
      })),
    ).rejects.toThrow(
      /unusable kubeconfig for cluster c9 \(account prod, region cn-hangzhou\): Error: the API server of cluster c9 \(account prod, region cn-hangzhou\) is http:\/\/10\.0\.0\.9:6443/,
    );
  });

  it('invalidates one cluster, whatever the address variant', async () => {
    const { cache, load } = setup();
    const a = await cache.get(cluster('c1'), 'private', load);
    await cache.get(cluster('c1'), 'public', load);
    const other = await cache.get(cluster('c2'), 'private', load);
    cache.invalidate(cluster('c1'));
    const b = await cache.get(cluster('c1'), 'private', load);
    expect(b).not.toBe(a);
    await expect(cache.get(cluster('c2'), 'private', load)).resolves.toBe(
      other,
    );
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('does not cache a kubeconfig invalidated while it was being fetched', async () => {
    const { cache, load } = setup();
    const pending = cache.get(cluster('c1'), 'private', load);
    cache.invalidate(cluster('c1'));
    const old = await pending;
    const next = await cache.get(cluster('c1'), 'private', load);
    expect(next).not.toBe(old);
  });

  it('retains only the listed clusters, within a scope', async () => {
    const { cache, load } = setup();
    const keep = await cache.get(cluster('c1'), 'private', load);
    const gone = await cache.get(cluster('c2'), 'private', load);
    const otherAccount = await cache.get(
      cluster('c3', { account: 'dr' }),
      'private',
      load,
    );
    const fleet = await cache.get(cluster('f1', { kind: 'fleet' }), 'p', load);
    cache.retain([cluster('c1')], { account: 'prod', kind: 'cluster' });
    await expect(cache.get(cluster('c1'), 'private', load)).resolves.toBe(keep);
    await expect(
      cache.get(cluster('c3', { account: 'dr' }), 'private', load),
    ).resolves.toBe(otherAccount);
    await expect(
      cache.get(cluster('f1', { kind: 'fleet' }), 'p', load),
    ).resolves.toBe(fleet);
    await expect(cache.get(cluster('c2'), 'private', load)).resolves.not.toBe(
      gone,
    );

    cache.retain([]);
    await expect(cache.get(cluster('c1'), 'private', load)).resolves.not.toBe(
      keep,
    );
  });
});
