import type * as $CS from '@alicloud/cs20151215';
import type {
  AckOneCluster,
  AckOneFleet,
  AckOneFleetDetails,
  AckOneManagedCluster,
} from './types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function parseMasterUrl(raw: string | undefined): {
  public?: string;
  intranet?: string;
} {
  if (!raw) return {};
  try {
    const m = JSON.parse(raw);
    return {
      public: str(m?.api_server_endpoint),
      intranet: str(m?.intranet_api_server_endpoint),
    };
  } catch {
    return {};
  }
}

/** A Fleet as DescribeHubClusters / DescribeHubClusterDetails report it. */
export function fleetFrom(account: string, raw: any): AckOneFleet {
  const info = raw?.ClusterInfo ?? {};
  return {
    account,
    regionId: info.RegionId ?? '',
    clusterId: info.ClusterId ?? '',
    name: info.Name ?? '',
    state: info.State ?? '',
    profile: str(info.Profile),
    version: str(info.Version),
    vpcId: str(raw?.Network?.VpcId),
    vSwitches: Array.isArray(raw?.Network?.VSwitches)
      ? raw.Network.VSwitches
      : [],
    intranetApiServerEndpoint: str(raw?.Endpoints?.IntranetApiServerEndpoint),
    publicApiServerEndpoint: str(raw?.Endpoints?.PublicApiServerEndpoint),
    created: str(info.CreationTime),
    updated: str(info.UpdateTime),
    tags: Array.isArray(info.Tags)
      ? info.Tags.map((t: any) => ({
          key: String(t?.Key ?? ''),
          value: String(t?.Value ?? ''),
        }))
      : [],
  };
}

/** The `Cluster` of DescribeHubClusterDetails. */
export function fleetDetailsFrom(
  account: string,
  raw: any,
): AckOneFleetDetails {
  const ackOne = raw?.ClusterInfo?.MetaData?.ACKOne ?? {};
  const gateway = ackOne.Gateway ?? ackOne.MSE;
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  return {
    ...fleetFrom(account, raw),
    gitOpsEnabled: bool(ackOne.GitOps?.Enabled),
    gitOpsHaEnabled: bool(ackOne.GitOps?.HAEnabled),
    gatewayEnabled: bool(gateway?.Enabled),
  };
}

/** One entry of DescribeManagedClusters (with a `Cluster.ClusterID`). */
export function managedClusterFrom(m: any): AckOneManagedCluster {
  return {
    clusterId: m.Cluster.ClusterID,
    name: m.Cluster.Name ?? '',
    clusterType: str(m.Cluster.ClusterType),
    regionId: str(m.Cluster.Region),
    state: str(m.Cluster.State),
    vpcId: str(m.Cluster.VpcID),
    memberState: str(m.Status?.State),
    memberMessage: str(m.Status?.Message),
  };
}

/** One cluster of DescribeClustersV1 (with a `clusterId`). */
export function clusterFrom(
  account: string,
  region: string,
  c: $CS.DescribeClustersV1ResponseBodyClusters,
): AckOneCluster {
  return {
    account,
    clusterId: c.clusterId ?? '',
    name: c.name ?? '',
    clusterType: c.clusterType ?? '',
    clusterSpec: str(c.clusterSpec),
    regionId: c.regionId ?? region,
    zoneId: str(c.zoneId),
    vpcId: str(c.vpcId),
    state: c.state ?? '',
    currentVersion: str(c.currentVersion),
    apiServerEndpoints: parseMasterUrl(c.masterUrl),
    tags: (c.tags ?? []).map(t => ({
      key: t.key ?? '',
      value: t.value ?? '',
    })),
    created: str(c.created),
    updated: str(c.updated),
  };
}
