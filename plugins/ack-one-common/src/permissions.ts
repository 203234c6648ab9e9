import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The permissions of the ACK One plugins. Every one of them is a resource
 * permission on a catalog entity (`catalog-entity`), so a policy can answer
 * with a conditional decision on the entity (for example "owner of"), which
 * the catalog evaluates.
 *
 * - Reading is allowed by the default policy to every signed-in user who may
 *   read the entity itself.
 * - The failover permissions are checked on the service entity a failover is
 *   for; the default policy grants them to the entity's owners only.
 */

/**
 * The resource type of every ACK One permission: a catalog entity.
 *
 * @public
 */
export const ACK_ONE_PERMISSION_RESOURCE_TYPE = 'catalog-entity';

/**
 * Read the DR status (parity, weights, capacity) of a service entity.
 *
 * @public
 */
export const ackOneDrStatusReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'ack-one.dr-status.read',
    attributes: { action: 'read' },
    resourceType: ACK_ONE_PERMISSION_RESOURCE_TYPE,
  });

/**
 * Read the API server health of a cluster or Fleet entity.
 *
 * @public
 */
export const ackOneClusterHealthReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'ack-one.cluster-health.read',
    attributes: { action: 'read' },
    resourceType: ACK_ONE_PERMISSION_RESOURCE_TYPE,
  });

/**
 * Ask for a traffic shift (failover or failback) of a service entity.
 *
 * @public
 */
export const ackOneFailoverRequestPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'ack-one.failover.request',
    attributes: { action: 'create' },
    resourceType: ACK_ONE_PERMISSION_RESOURCE_TYPE,
  });

/**
 * Approve or reject someone else's failover request of a service entity.
 *
 * @public
 */
export const ackOneFailoverApprovePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'ack-one.failover.approve',
    attributes: { action: 'update' },
    resourceType: ACK_ONE_PERMISSION_RESOURCE_TYPE,
  });

/**
 * Execute a failover of a service entity without a second person
 * (emergency override; recorded at critical severity).
 *
 * @public
 */
export const ackOneFailoverOverridePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'ack-one.failover.override',
    attributes: { action: 'update' },
    resourceType: ACK_ONE_PERMISSION_RESOURCE_TYPE,
  });

/**
 * The read permissions; allowed by default.
 *
 * @public
 */
export const ackOneReadPermissions = [
  ackOneDrStatusReadPermission,
  ackOneClusterHealthReadPermission,
];

/**
 * The failover permissions; owners only by default.
 *
 * @public
 */
export const ackOneFailoverPermissions = [
  ackOneFailoverRequestPermission,
  ackOneFailoverApprovePermission,
  ackOneFailoverOverridePermission,
];

/**
 * Every permission of the ACK One plugins.
 *
 * @public
 */
export const ackOnePermissions = [
  ...ackOneReadPermissions,
  ...ackOneFailoverPermissions,
];
