import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DR_STATE_SEVERITY } from '@internal/plugin-ack-one-common';
import Typography from '@material-ui/core/Typography';
import { useEffect, useSyncExternalStore } from 'react';
import { AckOneApi, ackOneApiRef } from '../../api';
import { isAckOneDrAvailable } from '../../conditions';
import { DrStateChip } from '../DrContent/DrStateChip';
import { backendMessage } from '../DrOverview/format';
import { OverviewStore } from './overviewStore';

/**
 * Options of {@link createDrStateColumn}.
 *
 * @public
 */
export interface DrStateColumnOptions {
  /** Column title (default `DR state`). */
  title?: string;
  /** How long one overview fetch serves the table (default 30 s). */
  maxAgeMs?: number;
}

const DrStateCell = (props: {
  entity: Entity;
  storeFor: (api: AckOneApi) => OverviewStore;
}) => {
  const store = props.storeFor(useApi(ackOneApiRef));
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => store.ensureLoaded(), [store]);
  const row = store.row(stringifyEntityRef(props.entity));
  if (row) return <DrStateChip state={row.state} />;
  if (snapshot.error) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        title={backendMessage(snapshot.error)}
      >
        Not available
      </Typography>
    );
  }
  return null;
};

/**
 * A catalog table column with the DR state chip of each opted-in Component
 * (one `ack-one/fleet` annotation). The whole table shares one overview
 * fetch; rows that did not opt in stay empty. Sorting puts the worst first.
 *
 * ```tsx
 * <CatalogIndexPage columns={ctx => [...defaultColumns(ctx), createDrStateColumn()]} />
 * ```
 *
 * @public
 */
export function createDrStateColumn<T extends { entity: Entity }>(
  options: DrStateColumnOptions = {},
): TableColumn<T> {
  const stores = new WeakMap<AckOneApi, OverviewStore>();
  let lastStore: OverviewStore | undefined;
  const storeFor = (api: AckOneApi) => {
    let store = stores.get(api);
    if (!store) {
      store = new OverviewStore(api, options.maxAgeMs ?? 30_000);
      stores.set(api, store);
    }
    lastStore = store;
    return store;
  };
  const severity = (row: T) => {
    if (!isAckOneDrAvailable(row.entity)) return -2;
    const state = lastStore?.row(stringifyEntityRef(row.entity))?.state;
    return state ? DR_STATE_SEVERITY[state] : -1;
  };
  return {
    title: options.title ?? 'DR state',
    searchable: false,
    width: '140px',
    cellStyle: { whiteSpace: 'nowrap', wordBreak: 'normal' },
    customSort: (a, b) => severity(a) - severity(b),
    render: row =>
      isAckOneDrAvailable(row.entity) &&
      row.entity.kind.toLocaleLowerCase('en-US') === 'component' ? (
        <DrStateCell entity={row.entity} storeFor={storeFor} />
      ) : null,
  };
}
