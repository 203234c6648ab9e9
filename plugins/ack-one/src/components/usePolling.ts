import { useCallback, useEffect, useRef, useState } from 'react';

/** How often the cluster, Fleet and gateway cards refresh, in milliseconds. */
export const DEFAULT_CARD_POLL_INTERVAL_MS = 10_000;

/** What {@link usePolling} returns. */
export interface PolledState<T> {
  /** The last value fetched; kept after a failed refresh. */
  value?: T;
  /** When the last value arrived. */
  updatedAt?: Date;
  /** The error of the last fetch, cleared by the next success. */
  error?: Error;
  /** When the last fetch failed, while it is the last one. */
  failedAt?: Date;
  /** When the refreshes started failing (the first failure in a row). */
  failingSince?: Date;
  /** When the last fetch settled, well or not. */
  fetchedAt?: Date;
  /** True until the first fetch for these inputs settles. */
  loading: boolean;
  /** Fetches at once (nothing happens while a fetch is under way). */
  refresh: () => void;
}

type Settled<T> = Omit<PolledState<T>, 'loading' | 'refresh'>;

interface Internal<T> extends Settled<T> {
  key: string;
}

/** The state after a fetch settled with `next`, from the state before. */
function settle<T>(
  base: Settled<T>,
  next: { value: T } | { error: Error },
  at: Date,
): Settled<T> {
  if ('error' in next) {
    return {
      ...base,
      error: next.error,
      failedAt: at,
      failingSince: base.failingSince ?? at,
      fetchedAt: at,
    };
  }
  return { value: next.value, updatedAt: at, fetchedAt: at };
}

/**
 * Runs `tick` now and again `intervalMs` after each settles while the page
 * is visible; a hidden page does not poll and ticks on coming back.
 * Returns the function that ticks at once, and the one that stops.
 */
function startPolling(
  fetchOnce: () => Promise<void>,
  intervalMs: number,
): { tick: () => void; stop: () => void } {
  let stopped = false;
  let inFlight = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const tick = async () => {
    if (stopped || inFlight) return;
    inFlight = true;
    clear();
    try {
      await fetchOnce();
    } finally {
      inFlight = false;
      if (!stopped && document.visibilityState !== 'hidden') {
        clear();
        timer = setTimeout(tick, intervalMs);
      }
    }
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') clear();
    else tick();
  };
  document.addEventListener('visibilitychange', onVisibility);
  tick();
  return {
    tick,
    stop: () => {
      stopped = true;
      clear();
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/**
 * Fetches a value and fetches it again `intervalMs` after each answer (so
 * slow answers never pile up) while the page is visible, until unmounted or
 * `key` changes; `refresh` fetches at once. The last value stays after a
 * failed refresh, with the error and since when it fails. A value of
 * another `key` is never returned. Without `fetch`, nothing is fetched.
 */
export function usePolling<T>(
  key: string,
  fetch: (() => Promise<T>) | undefined,
  intervalMs: number = DEFAULT_CARD_POLL_INTERVAL_MS,
): PolledState<T> {
  const [state, setState] = useState<Internal<T>>({ key });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const tickRef = useRef<() => void>(() => {});
  const enabled = !!fetch;

  useEffect(() => {
    if (!fetchRef.current) return undefined;
    let stopped = false;
    const interval =
      Number.isFinite(intervalMs) && intervalMs > 0
        ? intervalMs
        : DEFAULT_CARD_POLL_INTERVAL_MS;
    const fetchOnce = async () => {
      let next: { value: T } | { error: Error };
      try {
        next = { value: await fetchRef.current!() };
      } catch (e) {
        next = { error: e instanceof Error ? e : new Error(String(e)) };
      }
      if (stopped) return;
      const at = new Date();
      setState(prev => ({
        key,
        ...settle(prev.key === key ? prev : {}, next, at),
      }));
    };
    const polling = startPolling(fetchOnce, interval);
    tickRef.current = polling.tick;
    return () => {
      stopped = true;
      tickRef.current = () => {};
      polling.stop();
    };
  }, [key, intervalMs, enabled]);

  const refresh = useCallback(() => tickRef.current(), []);
  const current: Settled<T> = state.key === key ? state : {};
  return {
    value: current.value,
    updatedAt: current.updatedAt,
    error: current.error,
    failedAt: current.failedAt,
    failingSince: current.failingSince,
    fetchedAt: current.fetchedAt,
    loading: enabled && !current.value && !current.error,
    refresh,
  };
}
