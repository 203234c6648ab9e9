import {
  DR_STATE_SEVERITY,
  DrOverviewRow,
  DrState,
  PARITY_SEVERITY,
} from '@internal/plugin-ack-one-common';
import { drStateLabel, formatPercent } from '../DrContent/drPresentation';
import { entityRefLabel } from './format';

/** The filters of the overview table; empty strings match everything. */
export interface OverviewFilters {
  search: string;
  owner: string;
  system: string;
  /** Fleet cluster id. */
  fleet: string;
  state: string;
}

export const NO_FILTERS: OverviewFilters = {
  search: '',
  owner: '',
  system: '',
  fleet: '',
  state: '',
};

export type SortKey =
  | 'service'
  | 'owner'
  | 'state'
  | 'parity'
  | 'standbyCapacity'
  | 'rto'
  | 'lastFailover'
  | 'warnings';

export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}

/** Worst first, as the page opens. */
export const DEFAULT_SORT: SortOrder = { key: 'state', direction: 'desc' };

/** Where the service's traffic goes now: `idc-k8s 50%, ack-hangzhou 50%`. */
export function trafficLabel(row: DrOverviewRow): string {
  const serving = row.clusters.filter(c => c.servingPercent > 0);
  if (serving.length === 0) return 'no cluster serves it';
  return serving
    .map(c => `${c.name} ${formatPercent(c.servingPercent)}`)
    .join(', ');
}

/** The name a row is shown and sorted by. */
export function serviceName(row: DrOverviewRow): string {
  return row.title ?? entityRefLabel(row.entityRef);
}

function matchesSearch(row: DrOverviewRow, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase('en-US');
  if (!needle) return true;
  return [
    row.entityRef,
    row.title,
    row.owner,
    row.system,
    row.fleet?.name,
    drStateLabel(row.state),
    row.topWarning,
    ...row.clusters.map(c => c.name),
  ].some(value => value?.toLocaleLowerCase('en-US').includes(needle));
}

/** The rows that pass every filter. */
export function filterRows(
  rows: DrOverviewRow[],
  filters: OverviewFilters,
): DrOverviewRow[] {
  return rows.filter(
    row =>
      (!filters.owner || row.owner === filters.owner) &&
      (!filters.system || row.system === filters.system) &&
      (!filters.fleet || row.fleet?.clusterId === filters.fleet) &&
      (!filters.state || row.state === filters.state) &&
      matchesSearch(row, filters.search),
  );
}

type SortValue = string | number | undefined;

const SORT_VALUES: Record<SortKey, (row: DrOverviewRow) => SortValue> = {
  service: serviceName,
  owner: row => entityRefLabel(row.owner),
  state: row => DR_STATE_SEVERITY[row.state],
  parity: row => PARITY_SEVERITY[row.parity],
  standbyCapacity: row => row.standbyCapacityPercent,
  rto: row => row.rtoSeconds,
  lastFailover: row =>
    row.lastFailover ? new Date(row.lastFailover.at).getTime() : undefined,
  warnings: row => row.warningCount,
};

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

/**
 * The rows in the asked order; rows without a value for the key go last
 * either way, ties in service name order.
 */
export function sortRows(rows: DrOverviewRow[], order: SortOrder) {
  const value = SORT_VALUES[order.key];
  const sign = order.direction === 'asc' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = value(x);
    const b = value(y);
    if (a === undefined || b === undefined) {
      if (a !== b) return a === undefined ? 1 : -1;
    } else {
      const c = compareValues(a, b);
      if (c !== 0) return sign * c;
    }
    return serviceName(x).localeCompare(serviceName(y));
  });
}

/** A filter's choices: value and label, in label order. */
export interface Choice {
  value: string;
  label: string;
}

type Entry = [value: string | undefined, label: string];

function choices(entries: Entry[]): Choice[] {
  const map = new Map<string, string>();
  for (const [value, label] of entries) if (value) map.set(value, label);
  return [...map]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The owners, systems, Fleets, states and clusters the rows have. */
export function filterChoices(rows: DrOverviewRow[]) {
  const states = [...new Set(rows.map(r => r.state))].sort(
    (a: DrState, b: DrState) => DR_STATE_SEVERITY[b] - DR_STATE_SEVERITY[a],
  );
  return {
    owners: choices(rows.map((r): Entry => [r.owner, entityRefLabel(r.owner)])),
    systems: choices(
      rows.map((r): Entry => [r.system, entityRefLabel(r.system)]),
    ),
    fleets: choices(
      rows.map((r): Entry => [r.fleet?.clusterId, r.fleet?.name ?? '']),
    ),
    states: states.map(s => ({ value: s, label: drStateLabel(s) })),
    clusters: choices(
      rows.flatMap(r => r.clusters.map((c): Entry => [c.clusterId, c.name])),
    ),
  };
}
