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
  const token = randomBytes(24).toString('hex');
  const admin = opts.agentMode !== 'restricted';

  const docs: object[] = [
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
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: `${AGENT_DEPLOYMENT_NAME}-config`,
        namespace: AGENT_NAMESPACE,
        labels,
      },
      stringData: {
        clusterId: cluster.clusterId,
        regionId: cluster.regionId,
        ownerId: opts.accountId,
        tunnelEndpoint: `wss://${tunnelHost}:443`,
        token,
        agentMode: admin ? 'admin' : 'restricted',
      },
    },
    {
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
                  {
                    name: 'AGENT_TOKEN',
                    valueFrom: {
                      secretKeyRef: {
                        name: `${AGENT_DEPLOYMENT_NAME}-config`,
                        key: 'token',
                      },
                    },
                  },
                  {
                    name: 'TUNNEL_ENDPOINT',
                    valueFrom: {
                      secretKeyRef: {
                        name: `${AGENT_DEPLOYMENT_NAME}-config`,
                        key: 'tunnelEndpoint',
                      },
                    },
                  },
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
    },
  ];
  return docs.map(d => stringify(d)).join('---\n');
}
