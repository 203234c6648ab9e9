import * as $CS from '@alicloud/cs20151215';
import type { AckOneSdkService } from '../sdkAccess';
import { arr, str } from './paging';
import type { AckOneClusterDetail, AckOneTaskInfo, AckOneWhere } from './types';
import { callIn, createOrFind } from './calls';

/**
 * CreateCluster input: a registered (ExternalKubernetes) or ACK managed cluster.
 *
 * @public
 */
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

/**
 * CS (ACK) clusters: creation, registration agent, details and tasks.
 *
 * @public
 */
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

function createClusterRequest(
  where: AckOneWhere,
  input: CreateClusterInput,
): $CS.CreateClusterRequest {
  return new $CS.CreateClusterRequest({
    name: input.name,
    regionId: where.region,
    clusterType: input.clusterType,
    vpcid: input.vpcId,
    vswitchIds: input.vSwitchIds?.length ? input.vSwitchIds : undefined,
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
  });
}

function clusterDetailFrom(b: any, clusterId: string): AckOneClusterDetail {
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
}

/** The CS (ACK) cluster writes of an AckOneService. */
export class ClusterWrites implements AckOneClusterWrites {
  constructor(private readonly ackOne: AckOneSdkService) {}

  async createCluster(
    where: AckOneWhere,
    input: CreateClusterInput,
  ): Promise<{ clusterId: string; taskId?: string }> {
    const find = async () => {
      const clusters = await this.ackOne.listClusters(
        where.account,
        where.region,
      );
      const found = clusters.find(
        c => c.name === input.name && c.state !== 'deleted',
      );
      return found && { clusterId: found.clusterId };
    };
    return createOrFind(
      this.ackOne,
      where,
      'CreateCluster',
      find,
      async (c, rt) => {
        const res = await c.cs.createClusterWithOptions(
          createClusterRequest(where, input),
          {},
          rt,
        );
        return {
          clusterId: res.body?.clusterId ?? '',
          taskId: str(res.body?.taskId),
        };
      },
    );
  }

  async describeClusterDetail(
    where: AckOneWhere,
    clusterId: string,
  ): Promise<AckOneClusterDetail> {
    const res = await callIn(
      this.ackOne,
      where,
      'DescribeClusterDetail',
      (c, rt) => c.cs.describeClusterDetailWithOptions(clusterId, {}, rt),
    );
    return clusterDetailFrom(res.body ?? {}, clusterId);
  }

  async describeExternalAgent(
    where: AckOneWhere,
    clusterId: string,
    opts: { privateIpAddress: boolean; agentMode?: 'admin' | 'restricted' },
  ): Promise<string> {
    const res = await callIn(
      this.ackOne,
      where,
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
  }

  async describeTaskInfo(
    where: AckOneWhere,
    taskId: string,
  ): Promise<AckOneTaskInfo> {
    const res = await callIn(this.ackOne, where, 'DescribeTaskInfo', (c, rt) =>
      c.cs.describeTaskInfoWithOptions(taskId, {}, rt),
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
  }

  async deleteCluster(where: AckOneWhere, clusterId: string): Promise<void> {
    await callIn(this.ackOne, where, 'DeleteCluster', (c, rt) =>
      c.cs.deleteClusterWithOptions(
        clusterId,
        new $CS.DeleteClusterRequest({}),
        {},
        rt,
      ),
    );
  }
}
