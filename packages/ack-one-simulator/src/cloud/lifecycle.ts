import type { CloudContext } from './context';
import type { ResourceKind } from './timing';

/** A resource with a status that an asynchronous call moves. */
interface Tracked {
  status?: string;
  /** A forced creation failure: the resource disappears instead of becoming ready. */
  failure?: string;
}

interface Lifecycle<T extends Tracked> {
  /** Timer key, unique per resource. */
  key: string;
  kind: ResourceKind;
  /** The live collection the resource is in. */
  list: () => T[];
  match: (item: T) => boolean;
  /** For log lines, e.g. `BGP peer bgpp-…`. */
  label: string;
}

/**
 * Ends an asynchronous creation after the kind's duration: the resource goes
 * from `pending` to `ready`. With a forced failure it is removed instead: the
 * resources that go through this have no documented failed state, and a
 * creation that failed in the background is taken to leave nothing behind
 * (UNVERIFIED: how the real service shows such a failure could not be confirmed).
 */
export function settleCreation<T extends Tracked>(
  ctx: CloudContext,
  opts: Lifecycle<T> & {
    pending: string;
    ready: string;
    onReady?: (item: T) => void;
  },
) {
  ctx.schedule(opts.key, ctx.duration(opts.kind), () => {
    const items = opts.list();
    const idx = items.findIndex(opts.match);
    const item = items[idx];
    if (!item || item.status !== opts.pending) {
      return;
    }
    if (item.failure !== undefined) {
      items.splice(idx, 1);
      ctx.logger.warn(`${opts.label} failed: ${item.failure}`);
      return;
    }
    item.status = opts.ready;
    ctx.logger.info(`${opts.label} is ${opts.ready}`);
    opts.onReady?.(item);
  });
}

/** Ends an asynchronous removal after the kind's duration: the resource disappears. */
export function settleRemoval<T extends Tracked>(
  ctx: CloudContext,
  opts: Lifecycle<T> & { removing: string; onGone?: (item: T) => void },
) {
  ctx.schedule(opts.key, ctx.duration(opts.kind), () => {
    const items = opts.list();
    const idx = items.findIndex(opts.match);
    const item = items[idx];
    if (!item || item.status !== opts.removing) {
      return;
    }
    items.splice(idx, 1);
    ctx.logger.info(`${opts.label} is gone`);
    opts.onGone?.(item);
  });
}
