import { FLEET_KUBERNETES_VERSION as FLEET_VERSION } from '../kube/clusterVersions';
import type { CloudContext } from './context';
import { clusterNotFound, invalidParameter } from './errors';
import type { SimFleet } from './model';

/* The Fleet (hub cluster) as the adcp Describe calls show it. */

export function findFleet(ctx: CloudContext, clusterId: string): SimFleet {
  const fleet = ctx.state.fleets.find(f => f.clusterId === clusterId);
  if (!fleet) {
    throw clusterNotFound(clusterId);
  }
  return fleet;
}

export function parseTags(
  value: string | undefined,
): Array<{ key: string; value: string }> {
  if (!value) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter('Tag', 'expected a JSON array of {"Key","Value"}');
  }
  if (!Array.isArray(parsed)) {
    throw invalidParameter('Tag', 'expected a JSON array of {"Key","Value"}');
  }
  return parsed.map((t: any) => {
    const key = t?.Key ?? t?.key;
    if (typeof key !== 'string' || !key) {
      throw invalidParameter('Tag', 'every tag needs a Key');
    }
    return { key, value: String(t?.Value ?? t?.value ?? '') };
  });
}

export function fleetView(ctx: CloudContext, f: SimFleet, detailed: boolean) {
  const intranet = f.kubeServer ? ctx.serverUrl(f.kubeServer, true) ?? '' : '';
  const publicUrl =
    f.kubeServer && f.publicApiServer
      ? ctx.serverUrl(f.kubeServer, false) ?? ''
      : '';
  const clusterInfo: Record<string, unknown> = {
    ClusterId: f.clusterId,
    ClusterSpec: 'ack.pro.small',
    CreationTime: f.created,
    UpdateTime: f.updated,
    ErrorMessage:
      f.state === 'failed'
        ? f.errorMessage ?? 'creating the Fleet control plane failed'
        : '',
    Name: f.name,
    Profile: f.profile,
    RegionId: f.regionId,
    State: f.state,
    Version: FLEET_VERSION,
    DeletionProtection: f.deletionProtection,
    ResourceGroupID: '',
    Tags: f.tags.map(t => ({ Key: t.key, Value: t.value })),
  };
  if (detailed) {
    clusterInfo.MetaData = {
      ACKOne: {
        GitOps: {
          Enabled: f.argoCdEnabled,
          HAEnabled: f.argoCdHaEnabled,
          PublicAccessEnabled: f.argoCdPublicAccessEnabled ?? false,
          AccessControlList: [...(f.argoCdAccessControlList ?? [])],
        },
        WorkFlow: {
          ArgoWorkflow: { Enabled: f.profile === 'XFlow' },
        },
      },
    };
  }
  return {
    ApiServer: {
      ApiServerEipId: f.publicApiServer
        ? `eip-${f.clusterId.slice(1, 22)}`
        : '',
      EnabledPublic: f.publicApiServer,
      LoadBalancerId: `lb-${f.clusterId.slice(1, 22)}`,
    },
    ClusterInfo: clusterInfo,
    Conditions:
      f.state === 'running'
        ? [{ Type: 'Ready', Status: 'True', Reason: 'Running', Message: '' }]
        : [],
    Endpoints: {
      IntranetApiServerEndpoint: intranet,
      PublicApiServerEndpoint: publicUrl,
    },
    LogConfig: { EnableLog: false, LogProject: '', LogStoreTTL: '' },
    MeshConfig: { EnableMesh: false, MeshId: '' },
    Network: {
      ClusterDomain: 'cluster.local',
      ...(detailed ? { IPStack: 'ipv4' } : {}),
      SecurityGroupIDs: [`sg-${f.clusterId.slice(1, 21)}`],
      VSwitches: [...f.vSwitches],
      VpcId: f.vpcId,
    },
  };
}
