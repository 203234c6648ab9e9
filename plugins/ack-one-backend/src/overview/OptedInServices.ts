import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ACK_ONE_SERVICE_ANNOTATIONS,
  ackOneDrStatusReadPermission,
  type DrOverviewEntityMeta,
  type DrStatus,
} from '@internal/plugin-ack-one-common';
import { allowedEntities, waitForDiscovery } from './access';

/**
 * `CATALOG_FILTER_EXISTS` of `@backstage/catalog-client` (a filter value
 * that matches any value of the key). The client defines it as this
 * registered symbol so that every copy of the package agrees on it; this
 * package reaches the catalog through `@backstage/plugin-catalog-node`,
 * which does not re-export it.
 */
const CATALOG_FILTER_EXISTS = Symbol.for(
  'CATALOG_FILTER_EXISTS_0e15b590c0b343a2bae3e787e84c2111',
);

/** What the overview reads of the DR cache: statuses from memory. */
export interface DrStatusSource {
  ready(): Promise<void>;
  getStatus(entity: Entity, now?: Date): DrStatus;
}

/** A service the caller may see in the overview, with its DR status. */
export interface OptedInService {
  entity: Entity;
  meta: DrOverviewEntityMeta;
  status: DrStatus;
}

/** Which services to include: only those whose meta passes. */
export type ServiceFilter = (
  meta: DrOverviewEntityMeta,
  entity: Entity,
) => boolean;

/** `spec.<field>` as an entity ref (`defaultKind` when it has none), or undefined when it is not one. */
function specRef(
  entity: Entity,
  field: 'owner' | 'system',
  defaultKind: string,
): string | undefined {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function metaOf(entity: Entity): DrOverviewEntityMeta {
  return {
    title: entity.metadata.title,
    owner: specRef(entity, 'owner', 'group'),
    system: specRef(entity, 'system', 'system'),
  };
}

/**
 * The services that opted in to DR (Components with the `ack-one/fleet`
 * annotation) whose DR status the caller may read: one catalog query with
 * the caller's credentials (the catalog applies its read permissions), one
 * question to the permission framework (`allowedEntities`), and each status
 * from the DR cache's memory.
 */
export class OptedInServices {
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #drCache: DrStatusSource;
  readonly #discoveryWaitMs: number;

  constructor(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    drCache: DrStatusSource;
    discoveryWaitMs: number;
  }) {
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#drCache = options.drCache;
    this.#discoveryWaitMs = options.discoveryWaitMs;
  }

  async read(
    credentials: BackstageCredentials,
    filter: ServiceFilter = () => true,
    now: Date = new Date(),
  ): Promise<OptedInService[]> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ACK_ONE_SERVICE_ANNOTATIONS.fleet}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    const wanted = items
      .map(entity => ({ entity, meta: metaOf(entity) }))
      .filter(x => filter(x.meta, x.entity));
    const allowed = new Set(
      await allowedEntities(
        this.#permissions,
        ackOneDrStatusReadPermission,
        wanted.map(x => x.entity),
        credentials,
      ),
    );
    await waitForDiscovery(this.#drCache, this.#discoveryWaitMs);
    return wanted
      .filter(x => allowed.has(x.entity))
      .map(x => ({ ...x, status: this.#drCache.getStatus(x.entity, now) }));
  }
}
