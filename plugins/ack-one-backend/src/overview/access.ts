import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_LOCATION_TYPE,
} from '@internal/plugin-ack-one-common';

/** What an ACK One cluster or Fleet id looks like. */
export const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/**
 * Resource refs per `authorize` call when the policy decides entity by
 * entity: the permission backend reads request bodies of at most 100 kB,
 * about 500 refs.
 */
const AUTHORIZE_BATCH = 250;

/** Whether the caller may use `permission` on `entity`. */
export async function isAllowed(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: stringifyEntityRef(entity) }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * The entities among `entities` on which the caller may use `permission`.
 * One question to the permission framework without a resource: when the
 * policy allows or denies outright, that answers for all of them; when its
 * answer depends on the entity (a conditional decision), each entity is
 * authorized, in batches the permission backend accepts.
 */
export async function allowedEntities(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entities: Entity[],
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  if (entities.length === 0) return [];
  const [overall] = await permissions.authorizeConditional([{ permission }], {
    credentials,
  });
  if (overall.result === AuthorizeResult.ALLOW) return entities;
  if (overall.result === AuthorizeResult.DENY) return [];
  const allowed: Entity[] = [];
  for (let i = 0; i < entities.length; i += AUTHORIZE_BATCH) {
    const batch = entities.slice(i, i + AUTHORIZE_BATCH);
    const decisions = await permissions.authorize(
      batch.map(e => ({ permission, resourceRef: stringifyEntityRef(e) })),
      { credentials },
    );
    batch.forEach((e, j) => {
      if (decisions[j]?.result === AuthorizeResult.ALLOW) allowed.push(e);
    });
  }
  return allowed;
}

/** Whether an entity was written by the ACK One catalog provider. */
export function fromAckOneProvider(entity: Entity): boolean {
  return (entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '').startsWith(
    `${ACK_ONE_LOCATION_TYPE}:`,
  );
}

/**
 * The cluster or Fleet entity the ACK One catalog provider wrote for
 * `clusterId`, when the caller may read it. Entities from other sources
 * that merely carry the annotation do not count.
 */
export async function findClusterEntity(
  catalog: CatalogService,
  clusterId: string,
  credentials: BackstageCredentials,
): Promise<Entity | undefined> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        [`metadata.annotations.${ACK_ONE_ANNOTATIONS.clusterId}`]: clusterId,
      },
    },
    { credentials },
  );
  return items.find(
    e =>
      e.metadata.annotations?.[ACK_ONE_ANNOTATIONS.clusterId] === clusterId &&
      fromAckOneProvider(e),
  );
}

/**
 * Waits for the DR cache's first discovery, at most `ms`: right after a
 * start, an answer waits for the Fleets to be known rather than saying
 * that none is.
 */
export async function waitForDiscovery(
  drCache: { ready(): Promise<void> },
  ms: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    drCache.ready(),
    new Promise<void>(resolve => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  if (timer) clearTimeout(timer);
}
