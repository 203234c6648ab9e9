import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import { TableColumn } from '@backstage/core-components';
import { createDrStateColumn } from '@internal/plugin-ack-one';

const drStateColumn = createDrStateColumn<CatalogTableRow>();

/** Columns whose values are names: kept on one line, never broken mid-word. */
const NAME_FIELDS = new Set([
  'resolved.entityRef',
  'resolved.partOfSystemRelationTitle',
  'resolved.ownedByRelationsTitle',
]);

function keepNamesWhole(
  column: TableColumn<CatalogTableRow>,
): TableColumn<CatalogTableRow> {
  if (typeof column.field !== 'string' || !NAME_FIELDS.has(column.field)) {
    return column;
  }
  return {
    ...column,
    cellStyle: { whiteSpace: 'nowrap', wordBreak: 'normal' },
  };
}

/**
 * The catalog table's default columns with names kept whole, and for
 * Components the DR state after the name (one overview fetch per table).
 */
export const catalogColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context).map(keepNamesWhole);
  const kind = context.entities[0]?.kind ?? context.filters.kind?.value ?? '';
  if (kind.toLocaleLowerCase('en-US') !== 'component') return columns;
  const name = columns.findIndex(c => c.field === 'resolved.entityRef');
  return [
    ...columns.slice(0, name + 1),
    drStateColumn,
    ...columns.slice(name + 1),
  ];
};
