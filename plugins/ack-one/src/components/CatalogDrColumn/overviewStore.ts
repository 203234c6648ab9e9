import { DrOverview, DrOverviewRow } from '@internal/plugin-ack-one-common';
import { AckOneApi } from '../../api';

/** What the cells of one table read: the overview's rows by entity ref. */
export interface OverviewSnapshot {
  rows?: Map<string, DrOverviewRow>;
  error?: Error;
}

const key = (entityRef: string) => entityRef.toLocaleLowerCase('en-US');

/**
 * One overview fetch shared by every cell of a table: the first cell to
 * mount loads it, the others wait for the same answer, and it is loaded
 * again only when older than `maxAgeMs` at the next mount.
 */
export class OverviewStore {
  private snapshot: OverviewSnapshot = {};
  private loadedAt = 0;
  private pending?: Promise<void>;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: Pick<AckOneApi, 'getOverview'>,
    private readonly maxAgeMs: number,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.snapshot;

  /** The row of a service, once loaded. */
  row(entityRef: string): DrOverviewRow | undefined {
    return this.snapshot.rows?.get(key(entityRef));
  }

  /** Loads unless a load is under way or the data is fresh enough. */
  ensureLoaded(): void {
    if (this.pending || Date.now() - this.loadedAt < this.maxAgeMs) return;
    this.pending = this.api
      .getOverview()
      .then(
        (overview: DrOverview) => {
          this.snapshot = {
            rows: new Map(overview.items.map(r => [key(r.entityRef), r])),
          };
          this.loadedAt = Date.now();
        },
        (error: unknown) => {
          this.snapshot = {
            ...this.snapshot,
            error: error instanceof Error ? error : new Error(String(error)),
          };
          this.loadedAt = Date.now();
        },
      )
      .finally(() => {
        this.pending = undefined;
        this.listeners.forEach(listener => listener());
      });
  }
}
