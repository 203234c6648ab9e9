import { buildAgentManifest } from './agentManifest';
import { ApiRequest, ApiResponse, CloudContext } from './context';
import {
  ApiError,
  clusterNotFound,
  clusterStateError,
  invalidParameter,
} from './errors';
import { SimCluster } from './model';
import { optBool, optInt, optString, pageArgs, paginate } from './params';

/*
 * The CS read calls: cluster details and lists, the registration agent,
 * kubeconfigs and tasks.
 */

export function findCluster(ctx: CloudContext, clusterId: string): SimCluster {
  const cluster = ctx.state.clusters.find(c => c.clusterId === clusterId);
  if (!cluster) {
    throw clusterNotFound(clusterId);
  }
  return cluster;
}

function masterUrl(ctx: CloudContext, cluster: SimCluster): string | undefined {
  if (!cluster.kubeServer) {
    return undefined;
  }
  const publicUrl = ctx.serverUrl(cluster.kubeServer, false);
  const privateUrl = ctx.serverUrl(cluster.kubeServer, true);
  const urls: Record<string, string> = {};
  if (publicUrl) {
    urls.api_server_endpoint = publicUrl;
  }
  if (privateUrl) {
    urls.intranet_api_server_endpoint = privateUrl;
  }
  return Object.keys(urls).length ? JSON.stringify(urls) : undefined;
}

/** The cluster object of DescribeClusterDetail / DescribeClustersV1. */
export function clusterView(ctx: CloudContext, c: SimCluster) {
  const external = c.clusterType === 'ExternalKubernetes';
  const view: Record<string, unknown> = {
    cluster_id: c.clusterId,
    name: c.name,
    cluster_type: c.clusterType,
    cluster_spec: c.clusterSpec ?? '',
    profile: 'Default',
    region_id: c.regionId,
    zone_id: c.zoneId,
    vpc_id: c.vpcId,
    vswitch_id: c.vSwitchIds.join(','),
    vswitch_ids: [...c.vSwitchIds],
    security_group_id: c.securityGroupId ?? '',
    container_cidr: c.containerCidr ?? '',
    service_cidr: c.serviceCidr ?? '',
    state: c.state,
    current_version: c.currentVersion,
    init_version: c.currentVersion,
    created: c.created,
    updated: c.updated,
    tags: c.tags.map(t => ({ key: t.key, value: t.value })),
    deletion_protection: c.deletionProtection,
    resource_group_id: '',
    network_mode: external ? '' : 'vpc',
    proxy_mode: external ? '' : 'ipvs',
    ip_stack: 'ipv4',
    cluster_domain: 'cluster.local',
    private_zone: false,
    docker_version: '',
    external_loadbalancer_id: '',
    subnet_cidr: c.containerCidr ?? '',
    timezone: '',
    size: 0,
    meta_data: JSON.stringify({
      Capabilities: { Network: external ? 'external' : 'terway-eniip' },
      KubernetesVersion: c.currentVersion,
      ResourceGroupId: '',
    }),
    parameters: {},
    maintenance_window: {
      enable: false,
      maintenance_time: '',
      duration: '',
      weekly_period: '',
      recurrence: '',
    },
  };
  const url = masterUrl(ctx, c);
  if (url) {
    view.master_url = url;
  } else {
    view.master_url = '';
  }
  return view;
}

export function describeClusterDetail(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  return { body: clusterView(ctx, cluster) };
}

export function describeClusters(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const name = optString(req.params, 'name');
  const type = optString(req.params, 'clusterType');
  return {
    body: ctx.state.clusters
      .filter(
        c =>
          (!name || c.name.includes(name)) && (!type || c.clusterType === type),
      )
      .map(c => clusterView(ctx, c)),
  };
}

export function describeClustersV1(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const { pageNumber, pageSize } = pageArgs(p, {
    numberKey: 'page_number',
    sizeKey: 'page_size',
    defaultSize: 10,
    maxSize: 100,
  });
  const clusterType = optString(p, 'cluster_type');
  const name = optString(p, 'name');
  const clusterId = optString(p, 'cluster_id');
  const regionId = optString(p, 'region_id');
  const clusterSpec = optString(p, 'cluster_spec');
  const profile = optString(p, 'profile');
  const matches = ctx.state.clusters
    .filter(
      c =>
        (!clusterType || c.clusterType === clusterType) &&
        (!name || c.name.includes(name)) &&
        (!clusterId || c.clusterId === clusterId) &&
        (!regionId || c.regionId === regionId) &&
        (!clusterSpec || c.clusterSpec === clusterSpec) &&
        (!profile || profile === 'Default'),
    )
    .map((c, i) => ({ c, i }))
    // newest first; ties keep reverse insertion order
    .sort((a, b) => b.c.created.localeCompare(a.c.created) || b.i - a.i)
    .map(x => x.c);
  return {
    body: {
      clusters: paginate(matches, pageNumber, pageSize).map(c =>
        clusterView(ctx, c),
      ),
      page_info: {
        page_number: pageNumber,
        page_size: pageSize,
        total_count: matches.length,
      },
    },
  };
}

export function describeExternalAgent(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  if (cluster.clusterType !== 'ExternalKubernetes') {
    throw new ApiError(
      400,
      'ErrorClusterType',
      `cluster ${cluster.clusterId} is not a registered cluster`,
    );
  }
  if (cluster.state === 'deleting' || cluster.state === 'deleted') {
    throw clusterStateError(
      cluster.clusterId,
      cluster.state,
      'DescribeExternalAgent',
    );
  }
  const privateIp = optBool(req.params, 'PrivateIpAddress') ?? false;
  const agentMode = optString(req.params, 'AgentMode') ?? 'admin';
  if (agentMode !== 'admin' && agentMode !== 'restricted') {
    throw invalidParameter('AgentMode', 'must be admin or restricted');
  }
  return {
    body: {
      config: buildAgentManifest(cluster, {
        accountId: ctx.state.accountId,
        privateIpAddress: privateIp,
        agentMode,
      }),
    },
  };
}

export function describeClusterUserKubeconfig(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  const privateIp = optBool(req.params, 'PrivateIpAddress') ?? false;
  const minutes = optInt(req.params, 'TemporaryDurationMinutes', 15, 4320);
  if (
    !cluster.kubeServer ||
    !['running', 'updating', 'upgrading', 'scaling'].includes(cluster.state)
  ) {
    throw clusterStateError(
      cluster.clusterId,
      cluster.state,
      'DescribeClusterUserKubeconfig',
    );
  }
  const kc = ctx.bridge.kubeconfig(cluster.kubeServer, {
    privateIpAddress: privateIp,
    contextName: ctx.contextName(cluster.clusterId),
    temporaryDurationMinutes: minutes,
  });
  return { body: { config: kc.config, expiration: kc.expiration } };
}

export function describeTaskInfo(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const taskId = req.pathParams.task_id;
  const task = ctx.state.tasks.find(t => t.taskId === taskId);
  if (!task) {
    throw new ApiError(404, 'ErrorTaskNotFound', `task ${taskId} not found`);
  }
  return {
    body: {
      task_id: task.taskId,
      cluster_id: task.clusterId,
      task_type: task.taskType,
      state: task.state,
      created: task.created,
      updated: task.updated,
      current_stage: task.state === 'running' ? task.taskType : '',
      target: { id: task.clusterId, type: 'cluster' },
      parameters: {},
      stages: [],
      events: [],
      task_result: [],
      ...(task.state === 'fail'
        ? {
            error: task.error ?? {
              code: 'TaskFailed',
              message: `task ${task.taskId} failed`,
            },
          }
        : {}),
    },
  };
}
