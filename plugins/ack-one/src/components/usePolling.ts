import { useEffect, useState } from 'react';

/** How often the cluster, Fleet and gateway cards refresh, in milliseconds. */
export const DEFAULT_CARD_POLL_INTERVAL_MS = 10_000;

/** What {@link usePolling} returns. */
export interface PolledState<T> {
  /** The last value fetched; kept after a failed refresh. */
  value?: T;
  /** The error of the last fetch, cleared by the next success. */
  error?: Error;
  /** True until the first fetch for these inputs settles. */
  loading: boolean;
  /** When the refreshes started failing (the first failure in a row). */
  failingSince?: Date;
}

interface Internal<T> extends Omit<PolledState<T>, 'loading'> {
  key: string;
}

/**
 * Fetches a value and fetches it again `intervalMs` after each answer (so
 * slow answers never pile up), until unmounted or `key` changes. The last
 * value stays after a failed refresh, with the error and since when it fails.
 */
export function usePolling<T>(
  key: string,
  fetch: (() => Promise<T>) | undefined,
  intervalMs: number = DEFAULT_CARD_POLL_INTERVAL_MS,
): PolledState<T> {
  const [state, setState] = useState<Internal<T>>({ key });
  const enabled = !!fetch;

  useEffect(() => {
    if (!fetch) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const interval =
      Number.isFinite(intervalMs) && intervalMs > 0
        ? intervalMs
        : DEFAULT_CARD_POLL_INTERVAL_MS;
    const poll = async () => {
      let next: Partial<Internal<T>>;
      try {
        next = { value: await fetch(), error: undefined };
      } catch (e) {
        next = { error: e instanceof Error ? e : new Error(String(e)) };
      }
      if (stopped) return;
      const settled = new Date();
      setState(prev => {
        const base: Internal<T> = prev.key === key ? prev : { key };
        return {
          ...base,
          ...next,
          failingSince: next.error ? base.failingSince ?? settled : undefined,
        };
      });
      timer = setTimeout(poll, interval);
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // `fetch` is expected to change with `key` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, intervalMs, enabled]);

  const current = state.key === key ? state : { key };
  return {
    value: current.value as T | undefined,
    error: current.error,
    failingSince: current.failingSince,
    loading: enabled && !current.value && !current.error,
  };
}
