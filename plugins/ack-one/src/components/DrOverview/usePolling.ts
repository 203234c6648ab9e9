import { useCallback, useEffect, useRef, useState } from 'react';

/** What a polled call has produced so far. */
export interface PollingState<T> {
  /** The last good answer, kept when a later refresh fails. */
  value?: T;
  /** When the last good answer arrived. */
  updatedAt?: Date;
  /** The error of the last call, when it failed. */
  error?: Error;
  /** When the last call failed. */
  failedAt?: Date;
  /** True until the first call settles. */
  loading: boolean;
}

/**
 * Calls `load` now and every `intervalMs` while the page is visible (a
 * hidden tab does not poll; it refreshes on coming back). A failed refresh
 * keeps the last good value and reports the error next to it. `refresh`
 * calls at once. A new `load` (other arguments) starts over.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number,
): PollingState<T> & { refresh: () => void } {
  const [state, setState] = useState<PollingState<T>>({ loading: true });
  const tickRef = useRef<() => void>(() => {});

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    setState({ loading: true });

    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!cancelled && document.visibilityState !== 'hidden') {
        timer = setTimeout(tick, intervalMs);
      }
    };
    async function tick() {
      if (cancelled || inFlight) return;
      inFlight = true;
      try {
        const value = await load();
        if (!cancelled) {
          setState({ value, updatedAt: new Date(), loading: false });
        }
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        if (!cancelled) {
          setState(s => ({
            ...s,
            error,
            failedAt: new Date(),
            loading: false,
          }));
        }
      } finally {
        inFlight = false;
        schedule();
      }
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        if (timer) clearTimeout(timer);
        timer = undefined;
      } else {
        tick();
      }
    };

    tickRef.current = tick;
    tick();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [load, intervalMs]);

  const refresh = useCallback(() => tickRef.current(), []);
  return { ...state, refresh };
}
