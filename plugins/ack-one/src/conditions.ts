import { Entity } from '@backstage/catalog-model';
import {
  ACK_ONE_ENTITY_TYPES,
  ACK_ONE_PREFIX,
  isDrEnabled,
} from '@internal/plugin-ack-one-common';

function isResourceOfType(entity: Entity, type: string): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === type
  );
}

function hasAckOneAnnotation(entity: Entity): boolean {
  return Object.keys(entity.metadata.annotations ?? {}).some(key =>
    key.startsWith(`${ACK_ONE_PREFIX}/`),
  );
}

/**
 * True for a `Resource` of type `kubernetes-cluster` that carries at least one
 * `ack-one/*` annotation, i.e. a cluster the ACK One catalog provider emitted.
 *
 * @public
 */
export function isAckOneClusterEntity(entity: Entity): boolean {
  return (
    isResourceOfType(entity, ACK_ONE_ENTITY_TYPES.cluster) &&
    hasAckOneAnnotation(entity)
  );
}

/**
 * True for a `Resource` of type `ack-one-fleet`.
 *
 * @public
 */
export function isAckOneFleetEntity(entity: Entity): boolean {
  return isResourceOfType(entity, ACK_ONE_ENTITY_TYPES.fleet);
}

/**
 * True for a `Resource` of type `multi-cluster-gateway` (a Fleet's
 * multi-cluster gateway).
 */
export function isAckOneGatewayEntity(entity: Entity): boolean {
  return isResourceOfType(entity, ACK_ONE_ENTITY_TYPES.gateway);
}

/**
 * True for an entity that opted in to the Disaster Recovery tab by naming
 * its Fleet in the `ack-one/fleet` annotation.
 *
 * @public
 */
export function isAckOneDrAvailable(entity: Entity): boolean {
  return isDrEnabled(entity);
}
