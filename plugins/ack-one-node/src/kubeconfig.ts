import { parse as parseYaml } from 'yaml';

/** What is needed to reach one cluster's API server. Contains secrets. */
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
  skipTLSVerify?: boolean;
}

/**
 * Reads the current context of a kubeconfig. Errors name the missing part,
 * never the content.
 */
export function parseKubeconfig(text: string): ClusterConnection {
  let doc: any;
  try {
    doc = parseYaml(text);
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
    caData: cluster['certificate-authority-data'] || undefined,
    skipTLSVerify: cluster['insecure-skip-tls-verify'] === true || undefined,
    token: user.token || undefined,
    clientCertData: user['client-certificate-data'] || undefined,
    clientKeyData: user['client-key-data'] || undefined,
  };
}

/** The secret strings of a connection, for redaction. */
export function connectionSecrets(c: ClusterConnection): string[] {
  return [c.token, c.clientKeyData, c.clientCertData].filter(
    (s): s is string => !!s,
  );
}
