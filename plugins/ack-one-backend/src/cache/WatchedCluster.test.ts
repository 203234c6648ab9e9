import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { loadKubernetesClient } from '@internal/plugin-ack-one-node';
import {
  cachingCredentials,
  eventually,
  pause,
} from './__testUtils__/fakeApiServer';
import { WatchedMemberCluster } from './WatchedCluster';

jest.setTimeout(60_000);

describe('WatchedMemberCluster against the simulator', () => {
  let sim: Simulator;
  let dir: string;
  let cluster: WatchedMemberCluster | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-watch-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
  });

  afterEach(() => {
    cluster?.stop();
    cluster = undefined;
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What ACK One's DescribeClusterUserKubeconfig issues: a new token each time. */
  async function issueKubeConfig() {
    const { config } = sim.world.kubeconfig('idc', {
      privateIpAddress: true,
      contextName: 'idc',
    });
    const k8s = await loadKubernetesClient();
    const kc = new k8s.KubeConfig();
    kc.loadFromString(config);
    return kc;
  }

  const namespace = (name: string, labels: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  });

  const connected = (c: WatchedMemberCluster) =>
    eventually(
      () => c.state(),
      s => s.reachable && s.synced,
    );

  it('reflects namespaces with their labels', async () => {
    const api = sim.world.server('idc').api;
    api.upsert(namespace('team-a-web', { team: 'a', tier: 'web' }));
    cluster = new WatchedMemberCluster({
      kubeConfig: issueKubeConfig,
      logger: mockServices.logger.mock(),
    });
    cluster.start();
    expect((await connected(cluster)).reachable).toBe(true);
    expect(cluster.namespaceLabels('team-a-web')).toEqual({
      'kubernetes.io/metadata.name': 'team-a-web',
      team: 'a',
      tier: 'web',
    });
    expect(cluster.namespaceLabels('no-such-namespace')).toBeUndefined();
    expect(cluster.namespacesWithLabel('team', 'a')).toEqual(['team-a-web']);

    api.upsert(namespace('team-a-api', { team: 'a' }));
    api.upsert(namespace('team-a-web', { team: 'b' }));
    const c = cluster;
    await eventually(
      () => c.namespacesWithLabel('team', 'a'),
      names => names.join() === 'team-a-api',
    );
    expect(c.namespacesWithLabel('team', 'a')).toEqual(['team-a-api']);
    expect(c.namespaceLabels('team-a-web')).toMatchObject({ team: 'b' });
    expect(c.namespaceLabels('team-a-web')?.tier).toBeUndefined();

    api.removeObj('v1', 'Namespace', undefined, 'team-a-api');
    await eventually(
      () => c.namespaceLabels('team-a-api'),
      labels => labels === undefined,
    );
    expect(c.namespaceLabels('team-a-api')).toBeUndefined();
    expect(c.namespacesWithLabel('team', 'a')).toEqual([]);
    api.removeObj('v1', 'Namespace', undefined, 'team-a-web');
  });

  it('recovers from a revoked token with exactly one more kubeconfig from ACK One', async () => {
    const source = cachingCredentials(issueKubeConfig);
    cluster = new WatchedMemberCluster({
      kubeConfig: source.kubeConfig,
      invalidateKubeConfig: source.invalidate,
      logger: mockServices.logger.mock(),
      // the watches (not the probe) meet the revoked token when they reconnect
      liveness: { intervalMs: 600_000, timeoutMs: 1_000 },
      requests: { watchTimeoutSeconds: 1, minWatchMs: 500 },
    });
    cluster.start();
    await connected(cluster);
    expect(source.counts).toEqual({ fetches: 1, invalidations: 0 });

    const token = (await source.kubeConfig()).getCurrentUser()?.token;
    sim.world.server('idc').revokeToken(token!);
    await eventually(
      () => source.counts.invalidations,
      n => n > 0,
    );
    const api = sim.world.server('idc').api;
    api.upsert(namespace('after-revocation', { team: 'c' }));
    try {
      const c = cluster;
      await eventually(
        () => c.namespaceLabels('after-revocation'),
        labels => !!labels,
      );
      expect(c.namespaceLabels('after-revocation')).toMatchObject({
        team: 'c',
      });
      // the watches reconnect again with the new token, asking for no more
      await pause(1_500);
      expect(c.state()).toMatchObject({ reachable: true, message: undefined });
      expect(source.counts).toEqual({ fetches: 2, invalidations: 1 });
    } finally {
      api.removeObj('v1', 'Namespace', undefined, 'after-revocation');
    }
  });

  it('keeps healthy watches when the credentials cannot be read again', async () => {
    let fetches = 0;
    cluster = new WatchedMemberCluster({
      kubeConfig: async () => {
        fetches++;
        if (fetches > 1) throw new Error('ACK One answered 503');
        return issueKubeConfig();
      },
      logger: mockServices.logger.mock(),
      liveness: { intervalMs: 20, timeoutMs: 1_000 },
      requests: { watchTimeoutSeconds: 1, minWatchMs: 500 },
    });
    cluster.start();
    await connected(cluster);
    // probes and watch reconnections read the credentials again, and fail
    await pause(1_500);
    expect(fetches).toBeGreaterThan(10);
    const c = cluster;
    expect(c.state()).toMatchObject({ reachable: true, message: undefined });
    const api = sim.world.server('idc').api;
    api.upsert(namespace('while-ack-one-fails', { team: 'd' }));
    try {
      await eventually(
        () => c.namespaceLabels('while-ack-one-fails'),
        labels => !!labels,
      );
      expect(c.namespaceLabels('while-ack-one-fails')).toMatchObject({
        team: 'd',
      });
    } finally {
      api.removeObj('v1', 'Namespace', undefined, 'while-ack-one-fails');
    }
  });
});
