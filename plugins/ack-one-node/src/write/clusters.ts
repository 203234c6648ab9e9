import * as $CS from '@alicloud/cs20151215';
import type { AckOneService } from '../types';
import { arr, str } from './paging';
import type { AckOneClusterDetail, AckOneTaskInfo, AckOneWhere } from './types';

/** CreateCluster input: a registered (ExternalKubernetes) or ACK managed cluster. */
export interface CreateClusterInput {
  name: string;
  clusterType: 'ExternalKubernetes' | 'ManagedKubernetes';
  /** Required by the API documentation for every cluster type. */
  vpcId: string;
  vSwitchIds?: string[];
  /** ACK managed clusters: `ack.standard`, `ack.pro.small`, ... */
  clusterSpec?: string;
  kubernetesVersion?: string;
  containerCidr?: string;
  serviceCidr?: string;
  securityGroupId?: string;
  tags?: Record<string, string>;
  deletionProtection?: boolean;
  endpointPublicAccess?: boolean;
}

/** CS (ACK) clusters: creation, registration agent, details and tasks. */
export interface AckOneClusterWrites {
  /**
   * CreateCluster. CS has no ClientToken: when an attempt fails in a way
   * that may have created the cluster (a timeout, a 5xx), the next attempt
   * first looks the name up and returns the cluster it finds.
   */
  createCluster(
    where: AckOneWhere,
    input: CreateClusterInput,
  ): Promise<{ clusterId: string; taskId?: string }>;
  describeClusterDetail(
    where: AckOneWhere,
    clusterId: string,
  ): Promise<AckOneClusterDetail>;
  /**
   * DescribeExternalAgent: the manifest that connects a registered cluster.
   * Secret (it holds the agent's credentials): apply it, never log it.
   */
  describeExternalAgent(
    where: AckOneWhere,
    clusterId: string,
    opts: { privateIpAddress: boolean; agentMode?: 'admin' | 'restricted' },
  ): Promise<string>;
  describeTaskInfo(where: AckOneWhere, taskId: string): Promise<AckOneTaskInfo>;
  /** DeleteCluster (for replacing a cluster whose creation failed). */
  deleteCluster(where: AckOneWhere, clusterId: string): Promise<void>;
}

export function clusterWrites(ackOne: AckOneService): AckOneClusterWrites {
  const findByName = async (where: AckOneWhere, name: string) =>
    (await ackOne.listClusters(where.account, where.region)).find(
      c => c.name === name && c.state !== 'deleted',
    );

  return {
    async createCluster(where, input) {
      let attempt = 0;
      return ackOne.call(
        where.account,
        where.region,
        'CreateCluster',
        async (c, rt) => {
          if (attempt++ > 0) {
            const existing = await findByName(where, input.name);
            if (existing) return { clusterId: existing.clusterId };
          }
          const res = await c.cs.createClusterWithOptions(
            new $CS.CreateClusterRequest({
              name: input.name,
              regionId: where.region,
              clusterType: input.clusterType,
              vpcid: input.vpcId,
              vswitchIds: input.vSwitchIds?.length
                ? input.vSwitchIds
                : undefined,
              clusterSpec: input.clusterSpec,
              kubernetesVersion: input.kubernetesVersion,
              containerCidr: input.containerCidr,
              serviceCidr: input.serviceCidr,
              securityGroupId: input.securityGroupId,
              deletionProtection: input.deletionProtection,
              endpointPublicAccess: input.endpointPublicAccess,
              tags: Object.entries(input.tags ?? {}).map(
                ([key, value]) => new $CS.Tag({ key, value }),
              ),
            }),
            {},
            rt,
          );
          return {
            clusterId: res.body?.clusterId ?? '',
            taskId: str(res.body?.taskId),
          };
        },
      );
    },

    async describeClusterDetail(where, clusterId) {
      const res = await ackOne.call(
        where.account,
        where.region,
        'DescribeClusterDetail',
        (c, rt) => c.cs.describeClusterDetailWithOptions(clusterId, {}, rt),
      );
      const b: any = res.body ?? {};
      return {
        clusterId: b.clusterId ?? clusterId,
        name: b.name ?? '',
        clusterType: b.clusterType ?? '',
        state: b.state ?? '',
        vpcId: str(b.vpcId),
        regionId: str(b.regionId),
        tags: arr(b.tags).map((t: any) => ({
          key: String(t?.key ?? ''),
          value: String(t?.value ?? ''),
        })),
      };
    },

    async describeExternalAgent(where, clusterId, opts) {
      const res = await ackOne.call(
        where.account,
        where.region,
        'DescribeExternalAgent',
        (c, rt) =>
          c.cs.describeExternalAgentWithOptions(
            clusterId,
            new $CS.DescribeExternalAgentRequest({
              privateIpAddress: String(opts.privateIpAddress),
              agentMode: opts.agentMode,
            }),
            {},
            rt,
          ),
      );
      return res.body?.config ?? '';
    },

    async describeTaskInfo(where, taskId) {
      const res = await ackOne.call(
        where.account,
        where.region,
        'DescribeTaskInfo',
        (c, rt) => c.cs.describeTaskInfoWithOptions(taskId, {}, rt),
      );
      const b: any = res.body ?? {};
      return {
        taskId: b.taskId ?? taskId,
        state: b.state ?? '',
        currentStage: str(b.currentStage),
        error: b.error
          ? { code: str(b.error.code), message: str(b.error.message) }
          : undefined,
      };
    },

    async deleteCluster(where, clusterId) {
      await ackOne.call(where.account, where.region, 'DeleteCluster', (c, rt) =>
        c.cs.deleteClusterWithOptions(
          clusterId,
          new $CS.DeleteClusterRequest({}),
          {},
          rt,
        ),
      );
    },
  };
}
