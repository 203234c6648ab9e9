import { stringify as toYaml } from 'yaml';
import type { KubeconfigOptions } from '../cloud/model';
import type { KubeServer } from '../kube/KubeServer';
import { randomToken } from '../kube/certs';
import type { ServerEntry } from './World';

/**
 * A kubeconfig for one server with a new bearer token, valid for
 * `temporaryDurationMinutes` (default three years).
 */
export function buildKubeconfig(
  s: KubeServer,
  caCertPem: string,
  opts: KubeconfigOptions,
): { config: string; expiration: string } {
  const minutes =
    opts.temporaryDurationMinutes && opts.temporaryDurationMinutes > 0
      ? opts.temporaryDurationMinutes
      : 3 * 365 * 24 * 60;
  const expiresAt = Date.now() + minutes * 60_000;
  const token = randomToken();
  s.addToken(token, expiresAt);
  const expiration = new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z');
  const ctx = opts.contextName;
  const user = `${ctx}-user`;
  const config = toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: ctx,
        cluster: {
          server: s.url,
          'certificate-authority-data':
            Buffer.from(caCertPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: ctx, context: { cluster: ctx, user } }],
    'current-context': ctx,
    preferences: {},
  });
  return { config, expiration };
}

/** A kubeconfig with one context per server (named after the server), using the admin tokens. */
export function buildAdminKubeconfig(
  servers: Iterable<ServerEntry>,
  caCertPem: string,
  contextNames?: Record<string, string>,
): string {
  const clusters = [];
  const users = [];
  const contexts = [];
  for (const e of servers) {
    const ctx = contextNames?.[e.name] ?? e.name;
    clusters.push({
      name: ctx,
      cluster: {
        server: e.server.url,
        'certificate-authority-data': Buffer.from(caCertPem).toString('base64'),
      },
    });
    users.push({ name: `${ctx}-admin`, user: { token: e.adminToken } });
    contexts.push({
      name: ctx,
      context: { cluster: ctx, user: `${ctx}-admin` },
    });
  }
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters,
    users,
    contexts,
    'current-context': contexts[0]?.name ?? '',
    preferences: {},
  });
}
