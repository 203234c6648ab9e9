import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  FAILOVER_SIGNAL_CHANNEL,
  FailoverRequest,
  FailoverSignal,
} from '@internal/plugin-ack-one-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ackOneApiRef } from '../../api';
import { isOpenFailover, sameRef } from './failoverPresentation';

/** Requests per page of the list. */
export const FAILOVER_PAGE_SIZE = 20;

/** How often open requests are re-read while they may change. */
export const DEFAULT_FAILOVER_POLL_INTERVAL_MS = 2000;

/** How often the list is re-read when the app has no signals. */
const LIST_REFRESH_WITHOUT_SIGNALS_MS = 30_000;

export interface FailoversState {
  /** Requests loaded so far, newest first. */
  items: FailoverRequest[];
  /** More pages exist. */
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  /** The error of the first load or of the last refresh. */
  error?: Error;
  loadMore(): void;
  /** Puts a request the user just created or decided into the list. */
  upsert(request: FailoverRequest): void;
}

const newestFirst = (a: FailoverRequest, b: FailoverRequest) =>
  b.requestedAt.localeCompare(a.requestedAt);

/**
 * Puts fetched requests into the list. A fetched version is dropped when
 * the user changed the request after the fetch started (`changedAfter`),
 * or when it knows fewer events than the one shown (an answer that
 * overtook a later one). `replace` drops requests the answer no longer has.
 */
function mergeFetched(
  items: FailoverRequest[],
  fetched: FailoverRequest[],
  changedAfter: (id: string) => boolean,
  replace: boolean,
): FailoverRequest[] {
  const shown = new Map(items.map(r => [r.id, r]));
  const byId = new Map(
    (replace ? items.filter(r => changedAfter(r.id)) : items).map(r => [
      r.id,
      r,
    ]),
  );
  for (const r of fetched) {
    const known = shown.get(r.id);
    if (changedAfter(r.id)) continue;
    byId.set(r.id, known && r.events.length < known.events.length ? known : r);
  }
  return [...byId.values()].sort(newestFirst);
}

const toError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** Requests the user created or decided here, by a running sequence number. */
interface LocalChanges {
  seq: number;
  byId: Map<string, number>;
}

/** Call when a fetch starts: tells which requests changed locally since. */
function changedSinceNow(changes: LocalChanges) {
  const startedAt = changes.seq;
  return (id: string) => (changes.byId.get(id) ?? -1) > startedAt;
}

/**
 * The failover requests of a service: the first page on mount, more on
 * demand; open requests re-read every `pollIntervalMs` while they may
 * change, and the list re-read when the backend signals a transition of
 * this service.
 */
export function useFailovers(
  entityRef: string,
  pollIntervalMs: number = DEFAULT_FAILOVER_POLL_INTERVAL_MS,
): FailoversState {
  const api = useApi(ackOneApiRef);
  const [items, setItems] = useState<FailoverRequest[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error>();
  const pagesRef = useRef(0);
  const changes = useRef<LocalChanges>({ seq: 0, byId: new Map() });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const upsert = useCallback((request: FailoverRequest) => {
    changes.current.seq += 1;
    changes.current.byId.set(request.id, changes.current.seq);
    setItems(prev =>
      [...prev.filter(r => r.id !== request.id), request].sort(newestFirst),
    );
  }, []);

  const reload = useCallback(async () => {
    const changedAfter = changedSinceNow(changes.current);
    try {
      const page = await api.listFailovers(entityRef, {
        limit: FAILOVER_PAGE_SIZE,
      });
      if (!mounted.current) return;
      setItems(prev =>
        mergeFetched(prev, page.items, changedAfter, pagesRef.current <= 1),
      );
      if (pagesRef.current <= 1) {
        pagesRef.current = 1;
        setCursor(page.nextCursor);
      }
      setError(undefined);
    } catch (e) {
      if (mounted.current) setError(toError(e));
    } finally {
      if (mounted.current) setLoading(false);
    }
  }, [api, entityRef]);

  useEffect(() => {
    reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    const changedAfter = changedSinceNow(changes.current);
    try {
      const page = await api.listFailovers(entityRef, {
        limit: FAILOVER_PAGE_SIZE,
        cursor,
      });
      if (!mounted.current) return;
      pagesRef.current += 1;
      setItems(prev => mergeFetched(prev, page.items, changedAfter, false));
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      if (mounted.current) setError(toError(e));
    } finally {
      if (mounted.current) setLoadingMore(false);
    }
  }, [api, entityRef, cursor]);

  // Signals: re-read the list on any transition of this service.
  const { lastSignal, isSignalsAvailable } = useSignal(FAILOVER_SIGNAL_CHANNEL);
  useEffect(() => {
    const signal = lastSignal as Partial<FailoverSignal> | null;
    if (signal && sameRef(signal.entityRef, entityRef)) reload();
  }, [lastSignal, entityRef, reload]);

  useEffect(() => {
    if (isSignalsAvailable) return undefined;
    const timer = setInterval(reload, LIST_REFRESH_WITHOUT_SIGNALS_MS);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, reload]);

  // Polling of the open requests, for live progress.
  const openIds = items
    .filter(isOpenFailover)
    .map(r => r.id)
    .join(',');
  useEffect(() => {
    if (!openIds) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const changedAfter = changedSinceNow(changes.current);
      try {
        const fresh = await Promise.all(
          openIds.split(',').map(id => api.getFailover(id)),
        );
        if (stopped) return;
        setItems(prev => mergeFetched(prev, fresh, changedAfter, false));
        setError(undefined);
      } catch (e) {
        if (stopped) return;
        setError(toError(e));
      }
      timer = setTimeout(poll, pollIntervalMs);
    };
    timer = setTimeout(poll, pollIntervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, openIds, pollIntervalMs]);

  return {
    items,
    hasMore: Boolean(cursor),
    loading,
    loadingMore,
    error,
    loadMore,
    upsert,
  };
}
