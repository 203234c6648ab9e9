import { ApiRequest, ApiResponse, CloudContext, Handler } from './context';
import {
  ApiError,
  clusterStateError,
  invalidParameter,
  missingParameter,
} from './errors';
import { newClusterId, newTaskId, rfc3339 } from './ids';
import { provisionUntilRunning } from './provisioning';
import {
  findCluster,
  describeClusterDetail,
  describeClusters,
  describeClustersV1,
  describeClusterUserKubeconfig,
  describeExternalAgent,
  describeTaskInfo,
} from './csQueries';
import { CsClusterType, SimCluster, SimTask } from './model';
import { optBool } from './params';

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

export { findCluster };

const CLUSTER_TYPES: CsClusterType[] = [
  'ExternalKubernetes',
  'ManagedKubernetes',
  'Kubernetes',
];
/** The cluster_spec values CreateCluster documents. */
const CLUSTER_SPECS = [
  'ack.standard',
  'ack.pro.small',
  'ack.pro.xlarge',
  'ack.pro.2xlarge',
  'ack.pro.4xlarge',
];
const DEFAULT_K8S_VERSION = '1.33.1-aliyun.1';
/** 1-63 characters: letters, digits, Chinese characters and hyphens; no leading hyphen. */
const CLUSTER_NAME =
  /^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5-]{0,62}$/u;

export function isAckCluster(cluster: SimCluster): boolean {
  return cluster.clusterType !== 'ExternalKubernetes';
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
  message?: string,
) {
  for (const task of ctx.state.tasks) {
    if (
      task.clusterId === clusterId &&
      task.taskType === taskType &&
      task.state === 'running'
    ) {
      task.state = state;
      task.updated = rfc3339();
      if (state === 'fail') {
        task.error = {
          code: 'TaskFailed',
          message: message ?? `task ${task.taskId} failed`,
        };
      }
    }
  }
}

function requireBody(req: ApiRequest): Record<string, any> {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(
      400,
      'InvalidParameter',
      'request body must be a JSON object',
    );
  }
  return body;
}

/** name, cluster_type, region_id: present and valid. */
function checkIdentity(ctx: CloudContext, body: Record<string, any>) {
  const { name, cluster_type: clusterType, region_id: regionId } = body;
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
  if (!ctx.state.regions.includes(regionId)) {
    throw invalidParameter(
      'region_id',
      `region ${regionId} is not supported (regions: ${ctx.state.regions.join(
        ', ',
      )})`,
    );
  }
  if (
    ctx.state.clusters.some(
      c => c.name === name && c.regionId === regionId && c.state !== 'deleted',
    )
  ) {
    // UNVERIFIED: the code is the one the Terraform provider knows; the API documentation could not confirm it
    throw new ApiError(
      400,
      'ErrorClusterNameAlreadyExist',
      `cluster name ${name} already exists`,
    );
  }
  return {
    name: name as string,
    clusterType: clusterType as CsClusterType,
    regionId: regionId as string,
  };
}

function clusterSpecOf(body: Record<string, any>, clusterType: string) {
  const spec: string | undefined = body.cluster_spec || undefined;
  if (spec !== undefined && !CLUSTER_SPECS.includes(spec)) {
    throw invalidParameter(
      'cluster_spec',
      `unsupported cluster spec ${spec} (documented: ${CLUSTER_SPECS.join(
        ', ',
      )})`,
    );
  }
  // documented: ack.standard is selected when left empty
  return (
    spec ?? (clusterType === 'ManagedKubernetes' ? 'ack.standard' : undefined)
  );
}

/**
 * The VPC and vSwitches. The documentation says a VPC must be provided;
 * that this holds for registered (ExternalKubernetes) clusters too could
 * not be confirmed (UNVERIFIED): the simulator requires it for every type.
 */
function networkOf(
  ctx: CloudContext,
  body: Record<string, any>,
  regionId: string,
  external: boolean,
) {
  const vpcId: string = body.vpcid ?? '';
  const vSwitchIds: string[] = Array.isArray(body.vswitch_ids)
    ? body.vswitch_ids.map(String)
    : [];
  let zoneId: string =
    body.zone_id ??
    (Array.isArray(body.zone_ids) ? body.zone_ids[0] : '') ??
    '';
  if (!vpcId) {
    throw missingParameter('vpcid');
  }
  if (!external && !vSwitchIds.length) {
    throw missingParameter('vswitch_ids');
  }
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
  return { vpcId, vSwitchIds, zoneId: zoneId || '' };
}

function createCluster(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const body = requireBody(req);
  const { name, clusterType, regionId } = checkIdentity(ctx, body);
  const external = clusterType === 'ExternalKubernetes';
  const clusterSpec = clusterSpecOf(body, clusterType);
  const network = networkOf(ctx, body, regionId, external);
  const tags = Array.isArray(body.tags)
    ? body.tags
        .filter((t: any) => t && typeof t.key === 'string')
        .map((t: any) => ({ key: String(t.key), value: String(t.value ?? '') }))
    : [];
  const failure = ctx.takeCreationFailure('cluster');
  const now = rfc3339();
  const cluster: SimCluster = {
    clusterId: newClusterId(),
    name,
    clusterType,
    clusterSpec,
    regionId,
    ...network,
    securityGroupId: body.security_group_id || undefined,
    containerCidr: body.container_cidr || undefined,
    serviceCidr: body.service_cidr || undefined,
    state: external && failure === undefined ? 'waiting' : 'initial',
    currentVersion: external
      ? ''
      : body.kubernetes_version || DEFAULT_K8S_VERSION,
    created: now,
    updated: now,
    tags,
    deletionProtection: body.deletion_protection === true,
    failure,
  };
  ctx.state.clusters.push(cluster);
  const task = newTask(
    ctx,
    cluster.clusterId,
    'cluster_create',
    external && failure === undefined ? 'success' : 'running',
  );
  ctx.logger.info(
    `CreateCluster ${cluster.clusterId} (${cluster.name}, ${cluster.clusterType}) -> ${cluster.state}`,
  );
  if (!external || failure !== undefined) {
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
  const current = () => ctx.state.clusters.find(c => c.clusterId === id);
  provisionUntilRunning(ctx, {
    id,
    label: 'cluster',
    serverKind: 'ack',
    readyMs: ctx.duration('cluster'),
    hasServer: !!cluster.kubeServer,
    current,
    failure: cluster.failure,
    onSettled: (outcome, message) => {
      const c = current();
      if (c) delete c.failure;
      finishTasks(ctx, id, 'cluster_create', outcome, message);
    },
  });
}

/** A registered cluster whose agent connected goes `running` after the agent time. */
export function scheduleAgentConnect(ctx: CloudContext, cluster: SimCluster) {
  const id = cluster.clusterId;
  const connect = () => {
    const current = ctx.state.clusters.find(c => c.clusterId === id);
    if (
      current &&
      current.kubeServer &&
      (current.state === 'waiting' || current.state === 'disconnected')
    ) {
      current.state = 'running';
      current.updated = rfc3339();
      ctx.logger.info(`registered cluster ${id} is running`);
    }
  };
  const ms = ctx.duration('agent');
  if (ms <= 0) {
    connect();
  } else {
    ctx.schedule(`agent:${id}`, ms, connect);
  }
}

/** Restarts the transitions of clusters that were mid-way when the state was saved. */
export function resumeClusters(ctx: CloudContext) {
  for (const c of ctx.state.clusters) {
    if (
      c.state === 'initial' &&
      (c.clusterType !== 'ExternalKubernetes' || c.failure !== undefined)
    ) {
      startAckProvisioning(ctx, c);
    } else if (c.state === 'deleting') {
      startClusterDeletion(ctx, c);
    } else if (
      c.clusterType === 'ExternalKubernetes' &&
      c.state === 'waiting' &&
      c.kubeServer
    ) {
      scheduleAgentConnect(ctx, c);
    }
  }
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
  ctx.schedule(`cluster-delete:${id}`, ctx.duration('cluster'), () => {
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
