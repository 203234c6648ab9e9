import type { AckOneService } from '../types';
import { str } from './paging';
import type { AckOneWhere } from './types';

export interface CreateFleetInput {
  name: string;
  vpcId: string;
  vSwitchIds: string[];
  profile?: 'Default' | 'XFlow';
  tags?: Record<string, string>;
}

/** The features UpdateHubClusterFeature switches; unset ones are left alone. */
export interface FleetFeatures {
  argoCdEnabled?: boolean;
  gatewayEnabled?: boolean;
}

/** ACK One Fleets (adcp): creation, members and features. */
export interface AckOneFleetWrites {
  /**
   * CreateHubCluster. The API has no ClientToken: when an attempt fails in
   * a way that may have created the Fleet, the next attempt first looks the
   * name up and returns the Fleet it finds.
   */
  createFleet(
    where: AckOneWhere,
    input: CreateFleetInput,
  ): Promise<{ fleetId: string; taskId?: string }>;
  /** AttachClusterToHub. */
  attachClusters(
    where: AckOneWhere,
    fleetId: string,
    clusterIds: string[],
  ): Promise<void>;
  /** UpdateHubClusterFeature (idempotent). */
  updateFleetFeatures(
    where: AckOneWhere,
    fleetId: string,
    features: FleetFeatures,
  ): Promise<void>;
  /** DeleteHubCluster (for replacing a Fleet whose creation failed). */
  deleteFleet(where: AckOneWhere, fleetId: string): Promise<void>;
}

export function fleetWrites(ackOne: AckOneService): AckOneFleetWrites {
  const rpc = (
    where: AckOneWhere,
    action: string,
    query: Record<string, unknown>,
    body?: Record<string, unknown>,
  ) => ackOne.rpc(where.account, where.region, 'adcp', action, query, body);

  return {
    async createFleet(where, input) {
      let attempt = 0;
      return ackOne.call(
        where.account,
        where.region,
        'CreateHubCluster',
        async (clients, runtime) => {
          if (attempt++ > 0) {
            const existing = (
              await ackOne.listFleets(where.account, where.region)
            ).find(f => f.name === input.name && f.state !== 'deleting');
            if (existing) return { fleetId: existing.clusterId };
          }
          const tags = Object.entries(input.tags ?? {}).map(([Key, Value]) => ({
            Key,
            Value,
          }));
          const body = await clients.rpc(
            'adcp',
            'CreateHubCluster',
            tags.length ? { Tag: JSON.stringify(tags) } : {},
            {
              RegionId: where.region,
              Name: input.name,
              VpcId: input.vpcId,
              VSwitches: JSON.stringify(input.vSwitchIds),
              Profile: input.profile ?? 'Default',
            },
            runtime,
          );
          return {
            fleetId: String(body?.ClusterId ?? ''),
            taskId: str(body?.TaskId),
          };
        },
      );
    },

    async attachClusters(where, fleetId, clusterIds) {
      await rpc(
        where,
        'AttachClusterToHub',
        { ClusterId: fleetId },
        { ClusterIds: JSON.stringify(clusterIds) },
      );
    },

    async updateFleetFeatures(where, fleetId, features) {
      await rpc(where, 'UpdateHubClusterFeature', {
        ClusterId: fleetId,
        ArgoCDEnabled: features.argoCdEnabled,
        GatewayEnabled: features.gatewayEnabled,
      });
    },

    async deleteFleet(where, fleetId) {
      await rpc(where, 'DeleteHubCluster', { ClusterId: fleetId });
    },
  };
}
