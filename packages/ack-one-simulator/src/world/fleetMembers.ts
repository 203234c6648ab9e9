import { AGENT_CLUSTER_ID_LABEL, SimCluster, SimFleet } from '../cloud/model';
import { randomToken } from '../kube/certs';
import {
  ARGOCD_NAMESPACE,
  ARGOCD_SECRET_TYPE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from './constants';
import type { ServerEntry } from './World';

type KubeApiOf = ServerEntry['server']['api'];

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Argo CD's cluster labels, plus the member's tags that are valid labels. */
function secretLabels(m: SimCluster): Record<string, string> {
  const labels: Record<string, string> = {
    [ARGOCD_SECRET_TYPE_LABEL]: 'cluster',
    [AGENT_CLUSTER_ID_LABEL]: m.clusterId,
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
  };
  for (const t of m.tags ?? []) {
    if (
      /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/.test(t.key) &&
      /^[-A-Za-z0-9_.]{0,63}$/.test(t.value)
    )
      labels[t.key] = t.value;
  }
  return labels;
}

/** The bearer token of an existing cluster secret, else a new one. */
function memberToken(api: KubeApiOf, name: string): string {
  const existing = api.getObj('v1', 'Secret', ARGOCD_NAMESPACE, name);
  const token = randomToken();
  try {
    if (existing)
      return (
        JSON.parse(Buffer.from(existing.data.config, 'base64').toString())
          .bearerToken || token
      );
  } catch {
    // keep the new token
  }
  return token;
}

function clusterSecret(
  m: SimCluster,
  name: string,
  opts: { server: string; token: string; caCertPem: string },
) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: ARGOCD_NAMESPACE,
      labels: secretLabels(m),
      annotations: {
        cluster_id: m.clusterId,
        cluster_name: m.name,
        'managed-by': 'argocd.argoproj.io',
      },
    },
    type: 'Opaque',
    data: {
      name: b64(m.name),
      server: b64(opts.server),
      config: b64(
        JSON.stringify({
          bearerToken: opts.token,
          tlsClientConfig: { insecure: false, caData: b64(opts.caCertPem) },
        }),
      ),
    },
  };
}

/** Removes the cluster secrets this simulator wrote for former members. */
function removeFormerMembers(api: KubeApiOf, wanted: Set<string>) {
  for (const s of api.listObjs('v1', 'Secret', ARGOCD_NAMESPACE)) {
    if (
      s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE &&
      s.metadata.labels?.[ARGOCD_SECRET_TYPE_LABEL] === 'cluster' &&
      !wanted.has(s.metadata.name)
    ) {
      api.removeObj('v1', 'Secret', ARGOCD_NAMESPACE, s.metadata.name);
    }
  }
}

/**
 * Keeps a Fleet's Argo CD cluster secrets (in `argocd`) in line with its
 * member clusters: one secret per member with a bearer token valid on the
 * member's API server; removes the secrets of former members.
 */
export function syncFleetMemberSecrets(
  servers: Map<string, ServerEntry>,
  caCertPem: string,
  fleet: SimFleet,
  members: SimCluster[],
): void {
  if (!fleet.kubeServer) return;
  const e = servers.get(fleet.kubeServer);
  if (!e) return;
  const api = e.server.api;
  api.upsert({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ARGOCD_NAMESPACE },
  });
  const wanted = new Set<string>();
  for (const m of members) {
    const member = m.kubeServer ? servers.get(m.kubeServer) : undefined;
    if (!member) continue;
    const name = `cluster-${m.clusterId}`;
    wanted.add(name);
    const token = memberToken(api, name);
    member.server.addToken(token);
    api.upsert(
      clusterSecret(m, name, { server: member.server.url, token, caCertPem }),
    );
  }
  removeFormerMembers(api, wanted);
}
