import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** Refs of every `Resource` the entity has a relation to, of any type. */
export function relatedResourceRefs(entity: Entity): string[] {
  const refs = new Set<string>();
  for (const relation of entity.relations ?? []) {
    try {
      const ref = parseEntityRef(relation.targetRef);
      if (ref.kind.toLocaleLowerCase('en-US') === 'resource') {
        refs.add(stringifyEntityRef(ref));
      }
    } catch {
      // A malformed relation target is ignored.
    }
  }
  return [...refs];
}

/** The related resources that satisfy a predicate, fetched from the catalog. */
export async function fetchRelatedResources(
  catalogApi: CatalogApi,
  entity: Entity,
  predicate: (e: Entity) => boolean,
): Promise<Entity[]> {
  const entityRefs = relatedResourceRefs(entity);
  if (entityRefs.length === 0) return [];
  const { items } = await catalogApi.getEntitiesByRefs({ entityRefs });
  return items.filter((e): e is Entity => !!e && predicate(e));
}

/** Concatenates entity lists, dropping repeats (by entity ref). */
export function uniqueEntities(...lists: Entity[][]): Entity[] {
  const seen = new Map<string, Entity>();
  for (const e of lists.flat()) {
    const ref = stringifyEntityRef(e);
    if (!seen.has(ref)) seen.set(ref, e);
  }
  return [...seen.values()];
}
