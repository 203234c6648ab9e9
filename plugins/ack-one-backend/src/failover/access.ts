import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The user entity ref of the caller (writes need a signed-in user). */
export function userOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type?: string; userEntityRef?: string };
  if (p.type !== 'user' || !p.userEntityRef)
    throw new NotAllowedError(
      'a failover is requested and decided by a signed-in user',
    );
  return p.userEntityRef;
}

/** The caller's reference for the record: a user, or a service. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? (p.subject ? `service:${p.subject}` : 'unknown');
}

/**
 * Reads the entity with the caller's credentials: an entity the caller may
 * not read is as absent as one that does not exist.
 */
export async function readEntity(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity)
    throw new NotFoundError(
      `${entityRef} is not in the catalog, or you may not read it`,
    );
  return entity;
}

/** Whether the caller may use `permission` on the entity. */
export async function isAllowed(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/** Throws a 403 naming what was refused and the permission. */
export async function requirePermission(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
  what: string,
): Promise<void> {
  if (!(await isAllowed(permissions, permission, entityRef, credentials)))
    throw new NotAllowedError(
      `you may not ${what} of ${entityRef} (permission ${permission.name})`,
    );
}
