import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  FAILOVER_SIGNAL_CHANNEL,
  FailoverRequest,
  FailoverSignal,
} from '@internal/plugin-ack-one-common';
import {
  MutableRefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { AckOneApi, ackOneApiRef } from '../../api';
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

/** A ref that is false once the component unmounted. */
function useMountedRef(): MutableRefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/** The list, its error, and the requests changed here (see `upsert`). */
function useFailoverItems() {
  const [items, setItems] = useState<FailoverRequest[]>([]);
  const [error, setError] = useState<Error>();
  const changes = useRef<LocalChanges>({ seq: 0, byId: new Map() });
  const upsert = useCallback((request: FailoverRequest) => {
    changes.current.seq += 1;
    changes.current.byId.set(request.id, changes.current.seq);
    setItems(prev =>
      [...prev.filter(r => r.id !== request.id), request].sort(newestFirst),
    );
  }, []);
  return { items, setItems, error, setError, changes, upsert };
}

type FailoverItems = ReturnType<typeof useFailoverItems>;

type FailoverPage = Awaited<ReturnType<AckOneApi['listFailovers']>>;

/**
 * Loads one page and, while mounted, stores it; a failure is kept as the
 * error, and `always` runs at the end while mounted.
 */
async function loadPage(
  mounted: MutableRefObject<boolean>,
  setError: (e: Error | undefined) => void,
  fetch: () => Promise<FailoverPage>,
  store: (page: FailoverPage) => void,
  always: () => void,
) {
  try {
    const page = await fetch();
    if (!mounted.current) return;
    store(page);
    setError(undefined);
  } catch (e) {
    if (mounted.current) setError(toError(e));
  } finally {
    if (mounted.current) always();
  }
}

/** The first page (re-read by `reload`) and the next ones (`loadMore`). */
function useFailoverPages(
  api: AckOneApi,
  entityRef: string,
  list: FailoverItems,
) {
  const { setItems, setError, changes } = list;
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const pagesRef = useRef(0);
  const mounted = useMountedRef();

  const reload = useCallback(async () => {
    const changedAfter = changedSinceNow(changes.current);
    await loadPage(
      mounted,
      setError,
      () => api.listFailovers(entityRef, { limit: FAILOVER_PAGE_SIZE }),
      page => {
        const first = pagesRef.current <= 1;
        setItems(prev => mergeFetched(prev, page.items, changedAfter, first));
        if (first) {
          pagesRef.current = 1;
          setCursor(page.nextCursor);
        }
      },
      () => setLoading(false),
    );
  }, [api, entityRef, changes, mounted, setItems, setError]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    const changedAfter = changedSinceNow(changes.current);
    await loadPage(
      mounted,
      setError,
      () => api.listFailovers(entityRef, { limit: FAILOVER_PAGE_SIZE, cursor }),
      page => {
        pagesRef.current += 1;
        setItems(prev => mergeFetched(prev, page.items, changedAfter, false));
        setCursor(page.nextCursor);
      },
      () => setLoadingMore(false),
    );
  }, [api, entityRef, cursor, changes, mounted, setItems, setError]);

  return { cursor, loading, loadingMore, reload, loadMore };
}

/** Re-reads the list on any transition the backend signals for this service. */
function useSignalledReload(entityRef: string, reload: () => void) {
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
}

/** Re-reads the open requests every `pollIntervalMs`, for live progress. */
function useOpenRequestPolling(
  api: AckOneApi,
  list: FailoverItems,
  pollIntervalMs: number,
) {
  const { items, setItems, setError, changes } = list;
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
  }, [api, openIds, pollIntervalMs, changes, setItems, setError]);
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
  const list = useFailoverItems();
  const pages = useFailoverPages(api, entityRef, list);
  const { reload } = pages;
  useEffect(() => {
    reload();
  }, [reload]);
  useSignalledReload(entityRef, reload);
  useOpenRequestPolling(api, list, pollIntervalMs);
  return {
    items: list.items,
    hasMore: Boolean(pages.cursor),
    loading: pages.loading,
    loadingMore: pages.loadingMore,
    error: list.error,
    loadMore: pages.loadMore,
    upsert: list.upsert,
  };
}
