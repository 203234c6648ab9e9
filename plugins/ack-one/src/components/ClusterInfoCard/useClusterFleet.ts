import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_ENTITY_TYPES,
} from '@internal/plugin-ack-one-common';
import useAsync from 'react-use/esm/useAsync';
import { isAckOneFleetEntity } from '../../conditions';
import { fetchRelatedResources } from '../relations';

/**
 * Finds the fleet entity a cluster belongs to: first through the cluster's
 * catalog relations to a resource of type `ack-one-fleet`, then by the
 * `ack-one/fleet-id` annotation.
 */
export function useClusterFleet(entity: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const fleetId = entity.metadata.annotations?.[ACK_ONE_ANNOTATIONS.fleetId];

  return useAsync(async (): Promise<Entity | undefined> => {
    const [related] = await fetchRelatedResources(
      catalogApi,
      entity,
      isAckOneFleetEntity,
    );
    if (related) return related;
    if (!fleetId) return undefined;
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'resource',
        'spec.type': ACK_ONE_ENTITY_TYPES.fleet,
        [`metadata.annotations.${ACK_ONE_ANNOTATIONS.clusterId}`]: fleetId,
      },
    });
    return items[0];
  }, [catalogApi, entity, fleetId]);
}
