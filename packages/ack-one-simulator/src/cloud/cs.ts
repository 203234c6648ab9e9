import { buildAgentManifest } from './agentManifest';
import { ApiRequest, ApiResponse, CloudContext, Handler } from './context';
import {
  ApiError,
  clusterNotFound,
  clusterStateError,
  invalidParameter,
  missingParameter,
} from './errors';
import { newClusterId, newTaskId, rfc3339 } from './ids';
import { provisionUntilRunning } from './provisioning';
import { CsClusterType, SimCluster, SimTask } from './model';
import { optBool, optInt, optString, pageArgs, paginate } from './params';

/** ROA routes of the CS 2015-12-15 API: action -> method + path pattern. */
export const CS_ROUTES: Array<{
  action: string;
  method: string;
  path: RegExp;
  keys: string[];
}> = [
  { action: 'CreateCluster', method: 'POST', path: /^\/clusters$/, keys: [] },
  { action: 'DescribeClusters', method: 'GET', path: /^\/clusters$/, keys: [] },
  {
    action: 'DescribeClusterDetail',
    method: 'GET',
    path: /^\/clusters\/([^/]+)$/,
    keys: ['ClusterId'],
  },
  {
    action: 'DeleteCluster',
    method: 'DELETE',
    path: /^\/clusters\/([^/]+)$/,
    keys: ['ClusterId'],
  },
  {
    action: 'DescribeClustersV1',
    method: 'GET',
    path: /^\/api\/v1\/clusters$/,
    keys: [],
  },
  {
    action: 'DescribeExternalAgent',
    method: 'GET',
    path: /^\/k8s\/([^/]+)\/external\/agent\/deployment$/,
    keys: ['ClusterId'],
  },
  {
    action: 'DescribeClusterUserKubeconfig',
    method: 'GET',
    path: /^\/k8s\/([^/]+)\/user_config$/,
    keys: ['ClusterId'],
  },
  {
    action: 'DescribeTaskInfo',
    method: 'GET',
    path: /^\/tasks\/([^/]+)$/,
    keys: ['task_id'],
  },
];

const CLUSTER_TYPES: CsClusterType[] = [
  'ExternalKubernetes',
  'ManagedKubernetes',
  'Kubernetes',
];
const CLUSTER_SPECS = ['ack.standard', 'ack.pro.small', 'ack.pro.medium'];
const DEFAULT_K8S_VERSION = '1.33.1-aliyun.1';
/** 1-63 characters: letters, digits, Chinese characters and hyphens; no leading hyphen. */
const CLUSTER_NAME =
  /^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5-]{0,62}$/u;

export function isAckCluster(cluster: SimCluster): boolean {
  return cluster.clusterType !== 'ExternalKubernetes';
}

export function findCluster(ctx: CloudContext, clusterId: string): SimCluster {
  const cluster = ctx.state.clusters.find(c => c.clusterId === clusterId);
  if (!cluster) {
    throw clusterNotFound(clusterId);
  }
  return cluster;
}

function newTask(
  ctx: CloudContext,
  clusterId: string,
  taskType: string,
  state: SimTask['state'] = 'running',
): SimTask {
  const now = rfc3339();
  const task: SimTask = {
    taskId: newTaskId(),
    clusterId,
    taskType,
    state,
    created: now,
    updated: now,
  };
  ctx.state.tasks.push(task);
  return task;
}

export function finishTasks(
  ctx: CloudContext,
  clusterId: string,
  taskType: string,
  state: 'success' | 'fail',
) {
  for (const task of ctx.state.tasks) {
    if (
      task.clusterId === clusterId &&
      task.taskType === taskType &&
      task.state === 'running'
    ) {
      task.state = state;
      task.updated = rfc3339();
    }
  }
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

function createCluster(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(
      400,
      'InvalidParameter',
      'request body must be a JSON object',
    );
  }
  const name = body.name;
  const clusterType = body.cluster_type;
  const regionId = body.region_id;
  if (name === undefined || name === null || name === '') {
    throw missingParameter('name');
  }
  if (!clusterType) {
    throw missingParameter('cluster_type');
  }
  if (!regionId) {
    throw missingParameter('region_id');
  }
  if (typeof name !== 'string' || !CLUSTER_NAME.test(name)) {
    throw invalidParameter(
      'name',
      'the name must be 1 to 63 characters in length and can contain digits, Chinese characters, letters, and hyphens (-), and cannot start with a hyphen',
    );
  }
  if (!CLUSTER_TYPES.includes(clusterType)) {
    throw invalidParameter(
      'cluster_type',
      `unsupported cluster type ${clusterType}`,
    );
  }
  if (ctx.state.regions.length && !ctx.state.regions.includes(regionId)) {
    throw invalidParameter('region_id', `region ${regionId} is not supported`);
  }
  if (
    ctx.state.clusters.some(
      c => c.name === name && c.regionId === regionId && c.state !== 'deleted',
    )
  ) {
    throw new ApiError(
      400,
      'ErrorClusterNameAlreadyExist',
      `cluster name ${name} already exists`,
    );
  }
  const external = clusterType === 'ExternalKubernetes';
  let clusterSpec: string | undefined = body.cluster_spec || undefined;
  if (clusterSpec !== undefined) {
    if (!CLUSTER_SPECS.includes(clusterSpec)) {
      throw invalidParameter(
        'cluster_spec',
        `unsupported cluster spec ${clusterSpec}`,
      );
    }
  } else if (clusterType === 'ManagedKubernetes') {
    clusterSpec = 'ack.pro.small';
  }

  const vpcId: string = body.vpcid ?? '';
  const vSwitchIds: string[] = Array.isArray(body.vswitch_ids)
    ? body.vswitch_ids.map(String)
    : [];
  let zoneId: string =
    body.zone_id ??
    (Array.isArray(body.zone_ids) ? body.zone_ids[0] : '') ??
    '';
  if (!external) {
    if (!vpcId) {
      throw missingParameter('vpcid');
    }
    if (!vSwitchIds.length) {
      throw missingParameter('vswitch_ids');
    }
  }
  if (vpcId && ctx.state.vpcs.length) {
    const vpc = ctx.state.vpcs.find(v => v.vpcId === vpcId);
    if (!vpc || vpc.regionId !== regionId) {
      throw invalidParameter('vpcid', `vpc ${vpcId} not found in ${regionId}`);
    }
    for (const id of vSwitchIds) {
      const vsw = vpc.vSwitches.find(v => v.vSwitchId === id);
      if (!vsw) {
        throw invalidParameter(
          'vswitch_ids',
          `vswitch ${id} not found in ${vpcId}`,
        );
      }
      zoneId = zoneId || vsw.zoneId;
    }
  }
  const tags = Array.isArray(body.tags)
    ? body.tags
        .filter((t: any) => t && typeof t.key === 'string')
        .map((t: any) => ({ key: String(t.key), value: String(t.value ?? '') }))
    : [];

  const now = rfc3339();
  const cluster: SimCluster = {
    clusterId: newClusterId(),
    name,
    clusterType,
    clusterSpec,
    regionId,
    zoneId: zoneId || '',
    vpcId,
    vSwitchIds,
    securityGroupId: body.security_group_id || undefined,
    containerCidr: body.container_cidr || undefined,
    serviceCidr: body.service_cidr || undefined,
    state: external ? 'waiting' : 'initial',
    currentVersion: external
      ? ''
      : body.kubernetes_version || DEFAULT_K8S_VERSION,
    created: now,
    updated: now,
    tags,
    deletionProtection: body.deletion_protection === true,
  };
  ctx.state.clusters.push(cluster);
  const task = newTask(
    ctx,
    cluster.clusterId,
    'cluster_create',
    external ? 'success' : 'running',
  );
  ctx.logger.info(
    `CreateCluster ${cluster.clusterId} (${cluster.name}, ${cluster.clusterType}) -> ${cluster.state}`,
  );
  if (!external) {
    startAckProvisioning(ctx, cluster);
  }
  return {
    body: {
      cluster_id: cluster.clusterId,
      request_id: req.requestId,
      task_id: task.taskId,
    },
  };
}

/**
 * Starts (or resumes) an ACK cluster's creation: provisions the API server
 * and moves the cluster to `running` once both the server exists and
 * clusterReadyMs has passed.
 */
export function startAckProvisioning(ctx: CloudContext, cluster: SimCluster) {
  const id = cluster.clusterId;
  provisionUntilRunning(ctx, {
    id,
    label: 'cluster',
    serverKind: 'ack',
    readyMs: ctx.timing.clusterReadyMs,
    hasServer: !!cluster.kubeServer,
    current: () => ctx.state.clusters.find(c => c.clusterId === id),
    onSettled: outcome => finishTasks(ctx, id, 'cluster_create', outcome),
  });
}

function describeClusterDetail(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  return { body: clusterView(ctx, cluster) };
}

function describeClusters(ctx: CloudContext, req: ApiRequest): ApiResponse {
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

function describeClustersV1(ctx: CloudContext, req: ApiRequest): ApiResponse {
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

function describeExternalAgent(
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

function describeClusterUserKubeconfig(
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

function deleteCluster(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  if (cluster.deletionProtection) {
    throw new ApiError(
      400,
      'ErrorClusterDeletionProtection',
      `cluster ${cluster.clusterId} has deletion protection enabled; disable it before deleting the cluster`,
    );
  }
  if (cluster.state === 'deleting' || cluster.state === 'deleted') {
    throw clusterStateError(cluster.clusterId, cluster.state, 'DeleteCluster');
  }
  optBool(req.params, 'retain_all_resources');
  optBool(req.params, 'keep_slb');
  cluster.state = 'deleting';
  cluster.updated = rfc3339();
  const task = newTask(ctx, cluster.clusterId, 'cluster_delete');
  ctx.logger.info(`DeleteCluster ${cluster.clusterId} -> deleting`);
  startClusterDeletion(ctx, cluster);
  return {
    status: 202,
    body: {
      cluster_id: cluster.clusterId,
      request_id: req.requestId,
      task_id: task.taskId,
    },
  };
}

/** Finishes a cluster's deletion after clusterReadyMs. */
export function startClusterDeletion(ctx: CloudContext, cluster: SimCluster) {
  const id = cluster.clusterId;
  ctx.schedule(`cluster-delete:${id}`, ctx.timing.clusterReadyMs, () => {
    const idx = ctx.state.clusters.findIndex(c => c.clusterId === id);
    if (idx < 0 || ctx.state.clusters[idx].state !== 'deleting') {
      return;
    }
    const current = ctx.state.clusters[idx];
    ctx.detachEverywhere(current);
    ctx.state.clusters.splice(idx, 1);
    finishTasks(ctx, id, 'cluster_delete', 'success');
    ctx.logger.info(`cluster ${id} deleted`);
    if (isAckCluster(current) && current.kubeServer) {
      ctx.bridge.removeServer(current.kubeServer).catch(err => {
        ctx.logger.warn(`removing server ${current.kubeServer} failed: ${err}`);
      });
    }
  });
}

function describeTaskInfo(ctx: CloudContext, req: ApiRequest): ApiResponse {
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
            error: {
              code: 'TaskFailed',
              message: `task ${task.taskId} failed`,
            },
          }
        : {}),
    },
  };
}

export const CS_HANDLERS: Record<string, Handler> = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  DescribeClusterDetail: describeClusterDetail,
  DescribeClustersV1: describeClustersV1,
  DescribeExternalAgent: describeExternalAgent,
  DescribeClusterUserKubeconfig: describeClusterUserKubeconfig,
  DeleteCluster: deleteCluster,
  DescribeTaskInfo: describeTaskInfo,
};
