import { parse as parseYaml } from 'yaml';
import { isLoopbackHost } from './loopback';

/**
 * What is needed to reach one cluster's API server. Contains secrets.
 * Only these fields of a cloud-issued kubeconfig are ever used: `exec` and
 * `auth-provider` plugins, token and certificate files, proxies and
 * `insecure-skip-tls-verify` are ignored.
 *
 * @public
 */
export interface ClusterConnection {
  /** API server URL. */
  server: string;
  /** Base64 PEM of the cluster CA, when the kubeconfig carries one. */
  caData?: string;
  /** Bearer token (secret). */
  token?: string;
  /** Base64 PEM client certificate and key (secret). */
  clientCertData?: string;
  clientKeyData?: string;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * Reads the current context of a kubeconfig. Errors name the missing part,
 * never the content.
 */
export function parseKubeconfig(raw: string): ClusterConnection {
  let doc: any;
  try {
    doc = parseYaml(raw);
  } catch {
    throw new Error('the kubeconfig is not valid YAML');
  }
  if (!doc || typeof doc !== 'object') {
    throw new Error('the kubeconfig is empty');
  }
  const contexts: any[] = Array.isArray(doc.contexts) ? doc.contexts : [];
  const ctx =
    contexts.find(c => c?.name === doc['current-context']) ?? contexts[0];
  const clusterName = ctx?.context?.cluster;
  const userName = ctx?.context?.user;
  const cluster = (Array.isArray(doc.clusters) ? doc.clusters : []).find(
    (c: any) => c?.name === clusterName,
  )?.cluster;
  const user =
    (Array.isArray(doc.users) ? doc.users : []).find(
      (u: any) => u?.name === userName,
    )?.user ?? {};
  if (!cluster?.server || typeof cluster.server !== 'string') {
    throw new Error('the kubeconfig has no cluster server for its context');
  }
  return {
    server: cluster.server,
    caData: text(cluster['certificate-authority-data']),
    token: text(user.token),
    clientCertData: text(user['client-certificate-data']),
    clientKeyData: text(user['client-key-data']),
  };
}

/**
 * Checks that an API server URL may receive credentials: `https:`, or
 * `http:` to a loopback host only. Throws an error naming `what` (e.g.
 * `cluster c123`) otherwise.
 */
export function checkApiServerUrl(server: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`the API server of ${what} is not a valid URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new Error(
    `the API server of ${what} is ${url.protocol}//${url.host}: credentials are only sent over https (plain http only to a loopback address)`,
  );
}

/** The secret strings of a connection, for redaction. */
export function connectionSecrets(c: ClusterConnection): string[] {
  return [c.token, c.clientKeyData, c.clientCertData].filter(
    (s): s is string => !!s,
  );
}

const NAME = 'ack-one';

/**
 * The argument of `KubeConfig.loadFromOptions` for a connection: its server,
 * CA, and token or client certificate, nothing else. TLS is always verified;
 * `skipTLSVerify` is only set for plain http to a loopback host, where
 * `@kubernetes/client-node` needs it to use a plain HTTP agent.
 */
export function kubeConfigOptions(connection: ClusterConnection, what: string) {
  const url = checkApiServerUrl(connection.server, what);
  const { token, clientCertData, clientKeyData } = connection;
  if (!token && !(clientCertData && clientKeyData)) {
    throw new Error(
      `the kubeconfig of ${what} has neither a bearer token nor a client certificate and key (exec and auth-provider entries are not used); its requests cannot be authenticated`,
    );
  }
  return {
    clusters: [
      {
        name: NAME,
        server: connection.server,
        caData: connection.caData,
        skipTLSVerify: url.protocol === 'http:',
      },
    ],
    users: [
      token
        ? { name: NAME, token }
        : { name: NAME, certData: clientCertData, keyData: clientKeyData },
    ],
    contexts: [{ name: NAME, cluster: NAME, user: NAME }],
    currentContext: NAME,
  };
}
