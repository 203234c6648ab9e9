import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ACK_ONE_SERVICE_ANNOTATIONS,
  parseClusterRoles,
} from '@internal/plugin-ack-one-common';
import type {
  AckOneInventory,
  AckOneInventoryFleet,
} from '@internal/plugin-ack-one-node';

function resource(name: string): CompoundEntityRef {
  return { kind: 'resource', namespace: 'default', name };
}

/**
 * The clusters `ack-one/cluster-roles` names (by name, entity name or id);
 * undefined when it names none (active-active, not set or malformed): then
 * every member counts.
 */
function namedClusters(entity: Entity): Set<string> | undefined {
  const raw =
    entity.metadata.annotations?.[ACK_ONE_SERVICE_ANNOTATIONS.clusterRoles];
  if (!raw) return undefined;
  try {
    const names = Object.keys(parseClusterRoles(raw).roles);
    return names.length ? new Set(names) : undefined;
  } catch {
    return undefined;
  }
}

/** The Resource entities a service of `fleet` runs on: its clusters and gateways. */
export function resourcesOf(
  inventory: AckOneInventory,
  fleet: AckOneInventoryFleet,
  named?: Set<string>,
): CompoundEntityRef[] {
  const clusters = fleet.members.filter(
    m =>
      m.connectable &&
      m.entityName &&
      (!named ||
        named.has(m.name) ||
        named.has(m.entityName) ||
        named.has(m.clusterId)),
  );
  const gateways = fleet.gateways
    .map(g => inventory.entityName(g.name, g.name))
    .filter((n): n is string => !!n);
  return [...clusters.map(m => m.entityName!), ...gateways].map(resource);
}

/**
 * Relates each service (a Component with `ack-one/fleet`) to the clusters
 * and gateways it runs on: `dependsOn` from the service to the Resource
 * entities of its Fleet's connectable member clusters (those
 * `ack-one/cluster-roles` names, when it names some) and of the Fleet's
 * gateways, and `dependencyOf` back, so a cluster's page lists its
 * services and the catalog graph shows them. Names follow the inventory's
 * naming rule, as the ACK One entity provider writes them.
 */
export class AckOneRelationsProcessor implements CatalogProcessor {
  readonly #inventory: AckOneInventory;
  readonly #logger: LoggerService;

  constructor(options: { inventory: AckOneInventory; logger: LoggerService }) {
    this.#inventory = options.inventory;
    this.#logger = options.logger;
  }

  getProcessorName(): string {
    return 'AckOneRelationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return entity;
    const ref =
      entity.metadata.annotations?.[ACK_ONE_SERVICE_ANNOTATIONS.fleet]?.trim();
    if (!ref) return entity;
    let fleet: AckOneInventoryFleet | undefined;
    try {
      fleet = await this.#inventory.findFleet(ref);
    } catch (e) {
      this.#logger.warn(
        `cannot look up the ACK One Fleet "${ref}": ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    }
    if (!fleet) return entity;
    const self = getCompoundEntityRef(entity);
    for (const target of resourcesOf(
      this.#inventory,
      fleet,
      namedClusters(entity),
    )) {
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_DEPENDS_ON,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: RELATION_DEPENDENCY_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}
