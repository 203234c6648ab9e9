import type { AckOneSdkService } from '../sdkAccess';
import { str } from './paging';
import type { AckOneWhere } from './types';
import { createOrFind } from './calls';

/** @public */
export interface CreateFleetInput {
  name: string;
  vpcId: string;
  vSwitchIds: string[];
  profile?: 'Default' | 'XFlow';
  tags?: Record<string, string>;
}

/**
 * The features UpdateHubClusterFeature switches; unset ones are left alone.
 *
 * @public
 */
export interface FleetFeatures {
  argoCdEnabled?: boolean;
  gatewayEnabled?: boolean;
}

/**
 * ACK One Fleets (adcp): creation, members and features.
 *
 * @public
 */
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

/** The ACK One Fleet (adcp) writes of an AckOneService. */
export class FleetWrites implements AckOneFleetWrites {
  constructor(private readonly ackOne: AckOneSdkService) {}

  async #rpc(
    where: AckOneWhere,
    action: string,
    query: Record<string, unknown>,
    body?: Record<string, unknown>,
  ): Promise<void> {
    await this.ackOne.rpc(
      where.account,
      where.region,
      'adcp',
      action,
      query,
      body,
    );
  }

  async createFleet(
    where: AckOneWhere,
    input: CreateFleetInput,
  ): Promise<{ fleetId: string; taskId?: string }> {
    const find = async () => {
      const fleets = await this.ackOne.listFleets(where.account, where.region);
      const found = fleets.find(
        f => f.name === input.name && f.state !== 'deleting',
      );
      return found && { fleetId: found.clusterId };
    };
    const tags = Object.entries(input.tags ?? {}).map(([Key, Value]) => ({
      Key,
      Value,
    }));
    return createOrFind(
      this.ackOne,
      where,
      'CreateHubCluster',
      find,
      async (clients, runtime) => {
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
  }

  async attachClusters(
    where: AckOneWhere,
    fleetId: string,
    clusterIds: string[],
  ): Promise<void> {
    await this.#rpc(
      where,
      'AttachClusterToHub',
      { ClusterId: fleetId },
      { ClusterIds: JSON.stringify(clusterIds) },
    );
  }

  async updateFleetFeatures(
    where: AckOneWhere,
    fleetId: string,
    features: FleetFeatures,
  ): Promise<void> {
    await this.#rpc(where, 'UpdateHubClusterFeature', {
      ClusterId: fleetId,
      ArgoCDEnabled: features.argoCdEnabled,
      GatewayEnabled: features.gatewayEnabled,
    });
  }

  async deleteFleet(where: AckOneWhere, fleetId: string): Promise<void> {
    await this.#rpc(where, 'DeleteHubCluster', { ClusterId: fleetId });
  }
}
