import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { DrStatus } from '@internal/plugin-ack-one-common';
import { useEffect, useState } from 'react';
import { ackOneApiRef } from '../../api';

/**
 * Default pause between two refreshes of the DR status: with the answer's
 * own time, the tab stays less than 5 s behind the clusters.
 */
export const DEFAULT_DR_POLL_INTERVAL_MS = 4000;

/** What {@link useDrStatus} returns. */
export interface DrStatusState {
  /** The last status fetched; kept while refreshing and after a failed refresh. */
  value?: DrStatus;
  /** The error of the last fetch, cleared by the next success. */
  error?: Error;
  /** True until the first fetch for this entity settles. */
  loading: boolean;
  /** When the last fetch settled. */
  fetchedAt?: Date;
  /** When the refreshes started failing (the first failure in a row). */
  failingSince?: Date;
}

interface InternalState extends Omit<DrStatusState, 'loading'> {
  key: string;
}

/**
 * Fetches the DR status of an entity and refreshes it every
 * `pollIntervalMs` (the next fetch starts that long after the previous one
 * settled, so slow answers never pile up). Stops when unmounted or when the
 * entity changes; the last data stays on screen while refreshing.
 */
export function useDrStatus(
  entityRef: CompoundEntityRef,
  pollIntervalMs: number = DEFAULT_DR_POLL_INTERVAL_MS,
): DrStatusState {
  const api = useApi(ackOneApiRef);
  const { kind, namespace, name } = entityRef;
  const key = `${kind}:${namespace}/${name}`;
  const [state, setState] = useState<InternalState>({ key });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const interval =
      Number.isFinite(pollIntervalMs) && pollIntervalMs > 0
        ? pollIntervalMs
        : DEFAULT_DR_POLL_INTERVAL_MS;

    const poll = async () => {
      let next: Partial<InternalState>;
      try {
        const value = await api.getDrStatus({ kind, namespace, name });
        next = { value, error: undefined, failingSince: undefined };
      } catch (e) {
        next = { error: e instanceof Error ? e : new Error(String(e)) };
      }
      if (stopped) return;
      const settled = new Date();
      setState(prev => {
        const base = prev.key === key ? prev : { key };
        return {
          ...base,
          ...next,
          failingSince: next.error ? base.failingSince ?? settled : undefined,
          fetchedAt: settled,
        };
      });
      timer = setTimeout(poll, interval);
    };
    poll();

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, kind, namespace, name, key, pollIntervalMs]);

  // Data of another entity (the page switched entities) is never shown.
  const current = state.key === key ? state : { key };
  return {
    value: current.value,
    error: current.error,
    fetchedAt: current.fetchedAt,
    failingSince: current.failingSince,
    loading: !current.value && !current.error,
  };
}
