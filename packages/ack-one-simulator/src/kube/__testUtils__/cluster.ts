import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { KubeServer, KubeServerOptions } from '../KubeServer';
import { generatePki, randomToken } from '../certs';
import { kubeRequest } from '../testUtils';

/** A started API server with a `default` namespace and an admin token (tests only). */
export interface TestCluster {
  server: KubeServer;
  token: string;
  dir: string;
  /** @kubernetes/client-node */
  k8s: any;
  /** writes a kubeconfig for `token` (default: the admin token) and returns its path */
  kubeconfigFile(token?: string): string;
  /** a client-node KubeConfig for `token` (default: the admin token) */
  kubeConfig(token?: string): any;
  request(
    path: string,
    opts?: Omit<Parameters<typeof kubeRequest>[1], 'ca'>,
  ): ReturnType<typeof kubeRequest>;
  stop(): Promise<void>;
}

/** A kubeconfig (YAML) for `token` on `server`. */
function kubeconfigYaml(server: KubeServer, token: string) {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 't',
        cluster: {
          server: server.url,
          'certificate-authority-data': Buffer.from(server.caCertPem).toString(
            'base64',
          ),
        },
      },
    ],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 't', context: { cluster: 't', user: 'u' } }],
    'current-context': 't',
  });
}

async function startServer(opts: Partial<KubeServerOptions>) {
  const token = randomToken();
  const server = new KubeServer({
    name: 't',
    pki: generatePki(),
    tokens: { [token]: undefined },
    controllers: { podReadyDelayMs: 30 },
    ...opts,
  });
  for (const ns of ['default', 'kube-system']) {
    server.api.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  }
  await server.start();
  return { server, token };
}

export async function startTestCluster(
  opts: Partial<KubeServerOptions> = {},
): Promise<TestCluster> {
  const { server, token } = await startServer(opts);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-test-'));
  // client-node is ESM; under jest the Backstage SWC transform turns it into CommonJS
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require('@kubernetes/client-node');
  let files = 0;
  return {
    server,
    token,
    dir,
    k8s,
    kubeconfigFile(tok = token) {
      const file = path.join(dir, `kubeconfig-${files++}`);
      fs.writeFileSync(file, kubeconfigYaml(server, tok), { mode: 0o600 });
      return file;
    },
    kubeConfig(tok = token) {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(kubeconfigYaml(server, tok));
      return kc;
    },
    request(p, o = {}) {
      return kubeRequest(`${server.url}${p}`, {
        token,
        ...o,
        ca: server.caCertPem,
      });
    },
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
