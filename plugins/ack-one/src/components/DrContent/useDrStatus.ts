import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { DrStatus } from '@internal/plugin-ack-one-common';
import { ackOneApiRef } from '../../api';
import { PolledState, usePolling } from '../usePolling';

/**
 * Default pause between two refreshes of the DR status: with the answer's
 * own time, the tab stays less than 5 s behind the clusters.
 */
export const DEFAULT_DR_POLL_INTERVAL_MS = 4000;

/**
 * Fetches the DR status of an entity and refreshes it every
 * `pollIntervalMs` (see {@link usePolling}); the last data stays on screen
 * while refreshing, and data of another entity is never shown.
 */
export function useDrStatus(
  entityRef: CompoundEntityRef,
  pollIntervalMs: number = DEFAULT_DR_POLL_INTERVAL_MS,
): PolledState<DrStatus> {
  const api = useApi(ackOneApiRef);
  const { kind, namespace, name } = entityRef;
  return usePolling(
    `${kind}:${namespace}/${name}`,
    () => api.getDrStatus({ kind, namespace, name }),
    Number.isFinite(pollIntervalMs) && pollIntervalMs > 0
      ? pollIntervalMs
      : DEFAULT_DR_POLL_INTERVAL_MS,
  );
}
