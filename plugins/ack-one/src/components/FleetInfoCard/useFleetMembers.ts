import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_ENTITY_TYPES,
} from '@internal/plugin-ack-one-common';
import useAsync from 'react-use/esm/useAsync';
import { isAckOneClusterEntity } from '../../conditions';
import { fetchRelatedResources, uniqueEntities } from '../relations';

function isGatewayEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === ACK_ONE_ENTITY_TYPES.gateway
  );
}

function byName(a: Entity, b: Entity): number {
  const name = (e: Entity) => e.metadata.title ?? e.metadata.name;
  return name(a).localeCompare(name(b));
}

/** Member clusters and gateways of a fleet, as found in the catalog. */
export interface FleetMembers {
  clusters: Entity[];
  gateways: Entity[];
}

/**
 * Finds a fleet's member clusters and gateways: resources of type
 * `kubernetes-cluster` / `multi-cluster-gateway` whose `ack-one/fleet-id`
 * annotation is the fleet's cluster id, plus any such resource the fleet has
 * a catalog relation to.
 */
export function useFleetMembers(entity: Entity, fleetId: string) {
  const catalogApi = useApi(catalogApiRef);

  return useAsync(async (): Promise<FleetMembers> => {
    const byAnnotation = (type: string) =>
      catalogApi
        .getEntities({
          filter: {
            kind: 'resource',
            'spec.type': type,
            [`metadata.annotations.${ACK_ONE_ANNOTATIONS.fleetId}`]: fleetId,
          },
        })
        .then(r => r.items);

    const [clusters, gateways, related] = await Promise.all([
      byAnnotation(ACK_ONE_ENTITY_TYPES.cluster),
      byAnnotation(ACK_ONE_ENTITY_TYPES.gateway),
      fetchRelatedResources(
        catalogApi,
        entity,
        e => isAckOneClusterEntity(e) || isGatewayEntity(e),
      ),
    ]);

    return {
      clusters: uniqueEntities(
        clusters,
        related.filter(isAckOneClusterEntity),
      ).sort(byName),
      gateways: uniqueEntities(gateways, related.filter(isGatewayEntity)).sort(
        byName,
      ),
    };
  }, [catalogApi, entity, fleetId]);
}
