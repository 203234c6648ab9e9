import { randomBytes } from 'crypto';
import { stringify } from 'yaml';
import {
  AGENT_CLUSTER_ID_LABEL,
  AGENT_DEPLOYMENT_NAME,
  AGENT_NAMESPACE,
  SimCluster,
} from './model';

export const AGENT_IMAGE =
  'registry-cn-hangzhou.ack.aliyuncs.com/acs/ack-cluster-agent:v1.18.2-aliyun.1';

type AgentLabels = Record<string, string>;
const CONFIG_SECRET = `${AGENT_DEPLOYMENT_NAME}-config`;

/** The agent's namespace, service account and its cluster role binding. */
function agentIdentity(labels: AgentLabels, admin: boolean): object[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: AGENT_NAMESPACE },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: AGENT_DEPLOYMENT_NAME,
        namespace: AGENT_NAMESPACE,
        labels,
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: AGENT_DEPLOYMENT_NAME, labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: admin ? 'cluster-admin' : 'view',
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: AGENT_DEPLOYMENT_NAME,
          namespace: AGENT_NAMESPACE,
        },
      ],
    },
  ];
}

/** The agent's config: where its tunnel goes and the token it presents. */
function agentConfigSecret(
  cluster: SimCluster,
  labels: AgentLabels,
  opts: { accountId: string; tunnelHost: string; admin: boolean },
): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: CONFIG_SECRET, namespace: AGENT_NAMESPACE, labels },
    stringData: {
      clusterId: cluster.clusterId,
      regionId: cluster.regionId,
      ownerId: opts.accountId,
      tunnelEndpoint: `wss://${opts.tunnelHost}:443`,
      token: randomBytes(24).toString('hex'),
      agentMode: opts.admin ? 'admin' : 'restricted',
    },
  };
}

const fromConfig = (name: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: CONFIG_SECRET, key } },
});

function agentDeployment(cluster: SimCluster, labels: AgentLabels): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: AGENT_DEPLOYMENT_NAME,
      namespace: AGENT_NAMESPACE,
      labels,
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: AGENT_DEPLOYMENT_NAME } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: AGENT_DEPLOYMENT_NAME,
          containers: [
            {
              name: AGENT_DEPLOYMENT_NAME,
              image: AGENT_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'CLUSTER_ID', value: cluster.clusterId },
                { name: 'REGION_ID', value: cluster.regionId },
                fromConfig('AGENT_TOKEN', 'token'),
                fromConfig('TUNNEL_ENDPOINT', 'tunnelEndpoint'),
              ],
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '1', memory: '1Gi' },
              },
            },
          ],
        },
      },
    },
  };
}

/**
 * The multi-document manifest DescribeExternalAgent returns for a registered
 * cluster. Applying it to the IDC cluster starts the agent that connects the
 * cluster to ACK.
 */
export function buildAgentManifest(
  cluster: SimCluster,
  opts: { accountId: string; privateIpAddress: boolean; agentMode: string },
): string {
  const labels = {
    app: AGENT_DEPLOYMENT_NAME,
    [AGENT_CLUSTER_ID_LABEL]: cluster.clusterId,
  };
  const tunnelHost = opts.privateIpAddress
    ? `${cluster.clusterId}.agent-vpc.${cluster.regionId}.ack.aliyuncs.com`
    : `${cluster.clusterId}.agent.${cluster.regionId}.ack.aliyuncs.com`;
  const admin = opts.agentMode !== 'restricted';
  const docs: object[] = [
    ...agentIdentity(labels, admin),
    agentConfigSecret(cluster, labels, {
      accountId: opts.accountId,
      tunnelHost,
      admin,
    }),
    agentDeployment(cluster, labels),
  ];
  return docs.map(d => stringify(d)).join('---\n');
}
