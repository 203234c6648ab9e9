import { ApiRequest, ApiResponse, CloudContext, Handler } from './context';
import { findCluster } from './csQueries';
import {
  ApiError,
  clusterNotFound,
  clusterStateError,
  invalidParameter,
} from './errors';
import { newClusterId, newTaskId, rfc3339 } from './ids';
import { provisionUntilRunning } from './provisioning';
import { SimFleet } from './model';
import { findFleet, fleetView, parseTags } from './fleetViews';
import { optBool, optJsonStringArray, optString, reqString } from './params';

function createHubCluster(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = reqString(p, 'RegionId');
  const vpcId = reqString(p, 'VpcId');
  const vSwitches = optJsonStringArray(p, 'VSwitches');
  if (!vSwitches) {
    reqString(p, 'VSwitches');
  }
  if (!vSwitches || !vSwitches.length) {
    throw invalidParameter('VSwitches', 'at least one vSwitch is required');
  }
  const profile = optString(p, 'Profile') ?? 'Default';
  if (profile !== 'Default' && profile !== 'XFlow') {
    throw invalidParameter('Profile', 'must be Default or XFlow');
  }
  if (ctx.state.regions.length && !ctx.state.regions.includes(regionId)) {
    throw invalidParameter('RegionId', `region ${regionId} is not supported`);
  }
  if (ctx.state.vpcs.length) {
    const vpc = ctx.state.vpcs.find(v => v.vpcId === vpcId);
    if (!vpc || vpc.regionId !== regionId) {
      throw invalidParameter('VpcId', `vpc ${vpcId} not found in ${regionId}`);
    }
    for (const id of vSwitches) {
      if (!vpc.vSwitches.some(v => v.vSwitchId === id)) {
        throw invalidParameter(
          'VSwitches',
          `vswitch ${id} not found in ${vpcId}`,
        );
      }
    }
  }
  const name =
    optString(p, 'Name') ?? `ack-one-fleet-${Date.now().toString(36)}`;
  const tags = parseTags(optString(p, 'Tag'));
  const publicApiServer = optBool(p, 'ApiServerPublicEip') ?? false;
  optBool(p, 'ArgoServerEnabled');
  optBool(p, 'AuditLogEnabled');
  optBool(p, 'IsEnterpriseSecurityGroup');

  const now = rfc3339();
  const fleet: SimFleet = {
    clusterId: newClusterId(),
    name,
    regionId,
    vpcId,
    vSwitches,
    profile,
    state: 'initial',
    created: now,
    updated: now,
    argoCdEnabled: false,
    argoCdHaEnabled: false,
    gatewayEnabled: false,
    publicApiServer,
    deletionProtection: false,
    members: [],
    tags,
    failure: ctx.takeCreationFailure('fleet'),
  };
  ctx.state.fleets.push(fleet);
  ctx.logger.info(`CreateHubCluster ${fleet.clusterId} (${name}) -> initial`);
  startFleetProvisioning(ctx, fleet);
  return {
    body: {
      ClusterId: fleet.clusterId,
      RequestId: req.requestId,
      TaskId: newTaskId(),
    },
  };
}

/** Starts (or resumes) a Fleet's creation. */
export function startFleetProvisioning(ctx: CloudContext, fleet: SimFleet) {
  const id = fleet.clusterId;
  const current = () => ctx.state.fleets.find(f => f.clusterId === id);
  provisionUntilRunning(ctx, {
    id,
    label: 'fleet',
    serverKind: 'fleet',
    readyMs: ctx.duration('fleet'),
    hasServer: !!fleet.kubeServer,
    current,
    failure: fleet.failure,
    onSettled: (outcome, message) => {
      const f = current();
      if (!f) return;
      delete f.failure;
      if (outcome === 'fail') f.errorMessage = message;
    },
  });
}

/** Restarts the transitions of Fleets that were mid-way when the state was saved. */
export function resumeFleets(ctx: CloudContext) {
  for (const f of ctx.state.fleets) {
    if (f.state === 'initial') {
      startFleetProvisioning(ctx, f);
    } else if (f.state === 'deleting') {
      startFleetDeletion(ctx, f);
    }
  }
}

function describeHubClusters(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const profile = optString(req.params, 'Profile');
  const tags = parseTags(optString(req.params, 'Tag'));
  const fleets = ctx.state.fleets.filter(
    f =>
      (!profile || f.profile === profile) &&
      tags.every(t =>
        f.tags.some(
          ft => ft.key === t.key && (!t.value || ft.value === t.value),
        ),
      ),
  );
  return {
    body: {
      Clusters: fleets.map(f => fleetView(ctx, f, false)),
      RequestId: req.requestId,
    },
  };
}

function describeHubClusterDetails(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const fleet = findFleet(ctx, reqString(req.params, 'ClusterId'));
  return {
    body: { Cluster: fleetView(ctx, fleet, true), RequestId: req.requestId },
  };
}

function describeHubClusterKubeconfig(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const fleet = findFleet(ctx, reqString(req.params, 'ClusterId'));
  const privateIp = optBool(req.params, 'PrivateIpAddress') ?? false;
  if (fleet.state !== 'running' || !fleet.kubeServer) {
    throw clusterStateError(
      fleet.clusterId,
      fleet.state,
      'DescribeHubClusterKubeconfig',
    );
  }
  if (!privateIp && !fleet.publicApiServer) {
    throw new ApiError(
      400,
      'ErrorPublicApiServerDisabled',
      `the API server of Fleet ${fleet.clusterId} has no public endpoint; set PrivateIpAddress=true or enable a public endpoint`,
    );
  }
  const kc = ctx.bridge.kubeconfig(fleet.kubeServer, {
    privateIpAddress: privateIp,
    contextName: ctx.contextName(fleet.clusterId),
  });
  return { body: { Kubeconfig: kc.config, RequestId: req.requestId } };
}

function requireRunningFleet(fleet: SimFleet, action: string) {
  if (fleet.state !== 'running') {
    throw clusterStateError(fleet.clusterId, fleet.state, action);
  }
}

/** The mesh flag of each membership action (only checked: no mesh here). */
const MESH_FLAG = {
  AttachClusterToHub: 'AttachToMesh',
  DetachClusterFromHub: 'DetachFromMesh',
} as const;

/**
 * The Fleet and `ClusterIds` of AttachClusterToHub or DetachClusterFromHub
 * (and its mesh flag); the Fleet must be running.
 */
function hubChange(
  ctx: CloudContext,
  req: ApiRequest,
  action: keyof typeof MESH_FLAG,
) {
  const fleet = findFleet(ctx, reqString(req.params, 'ClusterId'));
  const ids = optJsonStringArray(req.params, 'ClusterIds');
  if (!ids) {
    reqString(req.params, 'ClusterIds');
  }
  if (!ids || !ids.length) {
    throw invalidParameter('ClusterIds', 'at least one cluster id is required');
  }
  optBool(req.params, MESH_FLAG[action]);
  requireRunningFleet(fleet, action);
  return { fleet, ids };
}

function attachClusterToHub(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const { fleet, ids } = hubChange(ctx, req, 'AttachClusterToHub');
  for (const id of ids) {
    const cluster = findCluster(ctx, id);
    if (cluster.state !== 'running') {
      throw clusterStateError(id, cluster.state, 'AttachClusterToHub');
    }
    const other = ctx.state.fleets.find(
      f => f.clusterId !== fleet.clusterId && f.members.includes(id),
    );
    if (other) {
      throw new ApiError(
        400,
        'ClusterAlreadyAttached',
        `cluster ${id} is already associated with Fleet ${other.clusterId}`,
      );
    }
  }
  for (const id of ids) {
    if (!fleet.members.includes(id)) {
      fleet.members.push(id);
    }
  }
  return hubChanged(
    ctx,
    req,
    fleet,
    ids,
    `AttachClusterToHub ${fleet.clusterId} += ${ids.join(',')}`,
  );
}

function detachClusterFromHub(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const { fleet, ids } = hubChange(ctx, req, 'DetachClusterFromHub');
  for (const id of ids) {
    if (!fleet.members.includes(id)) {
      if (!ctx.state.clusters.some(c => c.clusterId === id)) {
        throw clusterNotFound(id);
      }
      throw invalidParameter(
        'ClusterIds',
        `cluster ${id} is not associated with Fleet ${fleet.clusterId}`,
      );
    }
  }
  fleet.members = fleet.members.filter(m => !ids.includes(m));
  return hubChanged(
    ctx,
    req,
    fleet,
    ids,
    `DetachClusterFromHub ${fleet.clusterId} -= ${ids.join(',')}`,
  );
}

/** After a change of a Fleet's members: logs it, syncs them, and answers. */
function hubChanged(
  ctx: CloudContext,
  req: ApiRequest,
  fleet: SimFleet,
  ids: string[],
  change: string,
): ApiResponse {
  fleet.updated = rfc3339();
  ctx.logger.info(change);
  ctx.syncFleet(fleet);
  return {
    body: {
      ClusterId: fleet.clusterId,
      ManagedClusterIds: ids,
      RequestId: req.requestId,
      TaskId: newTaskId(),
    },
  };
}

function describeManagedClusters(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const fleet = findFleet(ctx, reqString(req.params, 'ClusterId'));
  const clusters = fleet.members.flatMap(id => {
    const c = ctx.state.clusters.find(x => x.clusterId === id);
    if (!c) {
      return [];
    }
    const status = ctx.memberStatus(fleet.clusterId, id);
    return [
      {
        Cluster: {
          ClusterID: c.clusterId,
          ClusterSpec: c.clusterSpec ?? '',
          ClusterType: c.clusterType,
          Created: c.created,
          Updated: c.updated,
          CurrentVersion: c.currentVersion,
          InitVersion: c.currentVersion,
          Name: c.name,
          Profile: 'Default',
          Region: c.regionId,
          ResourceGroupId: '',
          State: c.state,
          VSwitchID: c.vSwitchIds[0] ?? '',
          VpcID: c.vpcId,
        },
        Status: {
          State: status,
          Message: status === 'Successed' ? 'SUCCESS' : '',
        },
        MeshStatus: { InMesh: false },
      },
    ];
  });
  return { body: { Clusters: clusters, RequestId: req.requestId } };
}

function updateHubClusterFeature(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const fleet = findFleet(ctx, reqString(p, 'ClusterId'));
  requireRunningFleet(fleet, 'UpdateHubClusterFeature');
  const argoCd = optBool(p, 'ArgoCDEnabled');
  const argoCdHa = optBool(p, 'ArgoCDHAEnabled');
  const gateway = optBool(p, 'GatewayEnabled');
  const publicApi = optBool(p, 'PublicApiServerEnabled');
  const publicAccess = optBool(p, 'PublicAccessEnabled');
  const deletionProtection = optBool(p, 'DeletionProtection');
  const acl = optJsonStringArray(p, 'AccessControlList');
  const vSwitches = optJsonStringArray(p, 'VSwitches');
  const name = optString(p, 'Name');
  for (const flag of [
    'ArgoEventsEnabled',
    'ArgoServerEnabled',
    'AuditLogEnabled',
    'EnableMesh',
    'MonitorEnabled',
  ]) {
    optBool(p, flag);
  }
  if (argoCdHa && !(argoCd ?? fleet.argoCdEnabled)) {
    throw invalidParameter(
      'ArgoCDHAEnabled',
      'Argo CD must be enabled to enable HA',
    );
  }
  const argoChanged = argoCd !== undefined && argoCd !== fleet.argoCdEnabled;
  if (argoCd !== undefined) {
    fleet.argoCdEnabled = argoCd;
    if (!argoCd) {
      fleet.argoCdHaEnabled = false;
    }
  }
  assignDefined(fleet, {
    argoCdHaEnabled: argoCdHa,
    gatewayEnabled: gateway,
    publicApiServer: publicApi,
    argoCdPublicAccessEnabled: publicAccess,
    argoCdAccessControlList: acl,
    deletionProtection,
    vSwitches: vSwitches?.length ? vSwitches : undefined,
    name,
  });
  fleet.updated = rfc3339();
  ctx.logger.info(
    `UpdateHubClusterFeature ${fleet.clusterId}: argocd=${fleet.argoCdEnabled} gateway=${fleet.gatewayEnabled}`,
  );
  if (argoChanged) {
    ctx.syncFleet(fleet);
  }
  return { body: { RequestId: req.requestId } };
}

/** Sets the fields of `target` that `values` gives (undefined: left as is). */
function assignDefined<T extends object>(target: T, values: Partial<T>) {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

function deleteHubCluster(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const fleet = findFleet(ctx, reqString(p, 'ClusterId'));
  const force = optBool(p, 'Force') ?? false;
  optJsonStringArray(p, 'RetainResources');
  if (fleet.deletionProtection) {
    throw new ApiError(
      400,
      'OperationDenied.DeletionProtection',
      `Fleet ${fleet.clusterId} has deletion protection enabled`,
    );
  }
  if (fleet.state === 'deleting' || fleet.state === 'deleted') {
    throw clusterStateError(fleet.clusterId, fleet.state, 'DeleteHubCluster');
  }
  if (fleet.members.length && !force) {
    throw new ApiError(
      400,
      'OperationDenied.ManagedClustersExist',
      `Fleet ${
        fleet.clusterId
      } still has associated clusters (${fleet.members.join(
        ',',
      )}); detach them first or set Force=true`,
    );
  }
  fleet.state = 'deleting';
  fleet.updated = rfc3339();
  ctx.logger.info(`DeleteHubCluster ${fleet.clusterId} -> deleting`);
  startFleetDeletion(ctx, fleet);
  return {
    body: {
      ClusterId: fleet.clusterId,
      RequestId: req.requestId,
      TaskId: newTaskId(),
    },
  };
}

export function startFleetDeletion(ctx: CloudContext, fleet: SimFleet) {
  const id = fleet.clusterId;
  ctx.schedule(`fleet-delete:${id}`, ctx.duration('fleet'), () => {
    const idx = ctx.state.fleets.findIndex(f => f.clusterId === id);
    if (idx < 0 || ctx.state.fleets[idx].state !== 'deleting') {
      return;
    }
    const current = ctx.state.fleets[idx];
    ctx.state.fleets.splice(idx, 1);
    ctx.logger.info(`fleet ${id} deleted`);
    if (current.kubeServer) {
      ctx.bridge.removeServer(current.kubeServer).catch(err => {
        ctx.logger.warn(`removing server ${current.kubeServer} failed: ${err}`);
      });
    }
  });
}

export const FLEET_HANDLERS: Record<string, Handler> = {
  CreateHubCluster: createHubCluster,
  DescribeHubClusters: describeHubClusters,
  DescribeHubClusterDetails: describeHubClusterDetails,
  DescribeHubClusterKubeconfig: describeHubClusterKubeconfig,
  AttachClusterToHub: attachClusterToHub,
  DetachClusterFromHub: detachClusterFromHub,
  DescribeManagedClusters: describeManagedClusters,
  UpdateHubClusterFeature: updateHubClusterFeature,
  DeleteHubCluster: deleteHubCluster,
};
