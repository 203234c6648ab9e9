import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  AckOneKubeconfig,
  AckOneService,
} from '@internal/plugin-ack-one-node';
import { AckOneAuthStrategy } from './AckOneAuthStrategy';

const SERVER = 'https://10.0.0.5:6443';

function details(extra: Partial<ClusterDetails> = {}): ClusterDetails {
  return {
    name: 'idc-k8s',
    url: SERVER,
    authMetadata: {
      'kubernetes.io/auth-provider': 'ackOne',
      'ack-one/kind': 'cluster',
      'ack-one/account': 'prod',
      'ack-one/region': 'cn-hangzhou',
      'ack-one/cluster-id': 'c1',
      'ack-one/cluster-type': 'ExternalKubernetes',
    },
    ...extra,
  };
}

function setup(
  connection: Partial<AckOneKubeconfig['connection']> = { token: 'tok-1' },
  expiration?: Date,
) {
  const getClusterKubeconfig = jest.fn(
    async (): Promise<AckOneKubeconfig> => ({
      config: 'x',
      expiration,
      connection: { server: SERVER, ...connection },
    }),
  );
  const getFleetKubeconfig = jest.fn(
    async (): Promise<AckOneKubeconfig> => ({
      config: 'x',
      connection: { server: 'https://10.1.0.1:6443', token: 'fleet-token' },
    }),
  );
  const ackOne = {
    listAccounts: () => [
      {
        id: 'prod',
        regions: ['cn-hangzhou'],
        namespaceScope: 'namespace-label',
      },
    ],
    getClusterKubeconfig,
    getFleetKubeconfig,
  } as unknown as AckOneService;
  const logger = mockServices.logger.mock();
  let now = Date.parse('2030-01-01T00:00:00Z');
  const strategy = new AckOneAuthStrategy({ ackOne, logger, now: () => now });
  return {
    strategy,
    logger,
    getClusterKubeconfig,
    getFleetKubeconfig,
    advance: (ms: number) => (now += ms),
  };
}

describe('AckOneAuthStrategy', () => {
  it('returns the bearer token of the cluster kubeconfig, fetched per request from ACK One', async () => {
    const { strategy, getClusterKubeconfig } = setup();
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'bearer token',
      token: 'tok-1',
    });
    expect(getClusterKubeconfig).toHaveBeenCalledWith('prod', 'cn-hangzhou', {
      clusterId: 'c1',
      clusterType: 'ExternalKubernetes',
    });
  });

  it('uses the Fleet kubeconfig for Fleets', async () => {
    const { strategy, getFleetKubeconfig } = setup();
    const fleet = details({
      name: 'ackone-fleet',
      url: 'https://10.1.0.1:6443',
    });
    fleet.authMetadata['ack-one/kind'] = 'fleet';
    fleet.authMetadata['ack-one/cluster-id'] = 'cFLEET';
    await expect(strategy.getCredential(fleet, {})).resolves.toEqual({
      type: 'bearer token',
      token: 'fleet-token',
    });
    expect(getFleetKubeconfig).toHaveBeenCalledWith(
      'prod',
      'cn-hangzhou',
      'cFLEET',
    );
  });

  it('returns a client certificate when the kubeconfig carries one instead of a token', async () => {
    const { strategy } = setup({
      clientCertData: Buffer.from('CERT PEM').toString('base64'),
      clientKeyData: Buffer.from('KEY PEM').toString('base64'),
    });
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'x509 client certificate',
      cert: 'CERT PEM',
      key: 'KEY PEM',
    });
  });

  it('never sends the credentials to a URL other than the API server ACK One reports', async () => {
    const { strategy, logger } = setup();
    const other = details({ url: 'https://attacker.example.com' });
    await expect(strategy.getCredential(other, {})).resolves.toEqual({
      type: 'anonymous',
    });
    await strategy.getCredential(other, {});
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/not the API server ACK One reports for c1/),
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('tok-1');
  });

  it('reuses the last kubeconfig while it is valid when ACK One fails, then goes anonymous', async () => {
    const { strategy, getClusterKubeconfig, logger, advance } = setup(
      { token: 'tok-1' },
      new Date('2030-01-01T01:00:00Z'),
    );
    await strategy.getCredential(details(), {});
    getClusterKubeconfig.mockRejectedValue(
      new Error(
        'DescribeClusterUserKubeconfig failed for prod/cn-hangzhou: Throttling',
      ),
    );
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'bearer token',
      token: 'tok-1',
    });
    advance(2 * 3600_000);
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'anonymous',
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /cannot fetch ACK One credentials for cluster "idc-k8s" \(c1\)/,
      ),
    );
  });

  it('forgets the kubeconfigs of clusters the supplier no longer lists', async () => {
    const { strategy, getClusterKubeconfig, getFleetKubeconfig } = setup(
      { token: 'tok-1' },
      new Date('2030-01-01T01:00:00Z'),
    );
    const fleet = details({
      name: 'ackone-fleet',
      url: 'https://10.1.0.1:6443',
    });
    fleet.authMetadata['ack-one/kind'] = 'fleet';
    fleet.authMetadata['ack-one/cluster-id'] = 'cFLEET';
    await strategy.getCredential(details(), {});
    await strategy.getCredential(fleet, {});

    // the supplier lists only the Fleet now: c1 left
    strategy.retain([
      {
        kind: 'fleet',
        account: 'prod',
        region: 'cn-hangzhou',
        clusterId: 'cFLEET',
      },
    ]);
    getClusterKubeconfig.mockRejectedValue(new Error('ErrorClusterNotFound'));
    getFleetKubeconfig.mockRejectedValue(new Error('Throttling'));
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'anonymous',
    });
    // the Fleet is still listed: its last kubeconfig is still used
    await expect(strategy.getCredential(fleet, {})).resolves.toEqual({
      type: 'bearer token',
      token: 'fleet-token',
    });
  });

  it('keeps the kubeconfigs of clusters still listed until they expire', async () => {
    const { strategy, getClusterKubeconfig, advance } = setup(
      { token: 'tok-1' },
      new Date('2030-01-01T01:00:00Z'),
    );
    const ref = {
      kind: 'cluster' as const,
      account: 'prod',
      region: 'cn-hangzhou',
      clusterId: 'c1',
    };
    await strategy.getCredential(details(), {});
    strategy.retain([ref]);
    getClusterKubeconfig.mockRejectedValue(new Error('Throttling'));
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'bearer token',
      token: 'tok-1',
    });
    advance(2 * 3600_000);
    strategy.retain([ref]);
    await expect(strategy.getCredential(details(), {})).resolves.toEqual({
      type: 'anonymous',
    });
  });

  it('fails clearly for incomplete metadata or a kubeconfig without credentials', async () => {
    const { strategy } = setup({});
    await expect(strategy.getCredential(details(), {})).rejects.toThrow(
      /has neither a token nor a client certificate/,
    );
    const bare = details({
      authMetadata: { 'kubernetes.io/auth-provider': 'ackOne' },
    });
    await expect(strategy.getCredential(bare, {})).rejects.toThrow(
      /ack-one\/account is missing/,
    );
  });

  it('validates cluster metadata against the configured accounts', () => {
    const { strategy } = setup();
    expect(strategy.validateCluster(details().authMetadata)).toEqual([]);
    const msgs = (m: Record<string, string>) =>
      strategy.validateCluster(m).map(e => e.message);
    expect(msgs({ 'kubernetes.io/auth-provider': 'ackOne' })).toEqual([
      'ACK One auth strategy: ack-one/account is missing',
      'ACK One auth strategy: ack-one/region is missing',
      'ACK One auth strategy: ack-one/cluster-id is missing',
    ]);
    expect(
      msgs({ ...details().authMetadata, 'ack-one/account': 'dev' }),
    ).toEqual([
      'ACK One auth strategy: account "dev" is not in ackOne.accounts',
    ]);
    expect(
      msgs({ ...details().authMetadata, 'ack-one/region': 'cn-beijing' }),
    ).toEqual([
      'ACK One auth strategy: region "cn-beijing" is not configured for account "prod"',
    ]);
    expect(msgs({ ...details().authMetadata, 'ack-one/kind': 'node' })).toEqual(
      ['ACK One auth strategy: ack-one/kind must be "cluster" or "fleet"'],
    );
    expect(strategy.presentAuthMetadata(details().authMetadata)).toEqual({});
  });
});
