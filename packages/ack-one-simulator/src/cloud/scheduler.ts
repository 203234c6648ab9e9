import type { CloudLogger } from './context';

/**
 * Where the simulated cloud's time comes from: real timers by default; tests
 * can pass a clock they advance themselves.
 */
export interface CloudClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const REAL_CLOCK: CloudClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimer: handle => clearTimeout(handle as NodeJS.Timeout),
};

/** Named one-shot timers: scheduling a key again replaces its timer; nothing runs once closed. */
export class Timers {
  private readonly timers = new Map<string, unknown>();
  private closed = false;

  constructor(
    private readonly clock: CloudClock,
    private readonly logger: CloudLogger,
  ) {}

  schedule(key: string, ms: number, fn: () => void) {
    if (this.closed) {
      return;
    }
    this.cancel(key);
    const handle = this.clock.setTimer(() => {
      this.timers.delete(key);
      if (this.closed) {
        return;
      }
      try {
        fn();
      } catch (err) {
        this.logger.warn(`cloud api: transition ${key} failed: ${err}`);
      }
    }, Math.max(0, ms));
    this.timers.set(key, handle);
  }

  cancel(key: string) {
    const handle = this.timers.get(key);
    if (handle !== undefined) {
      this.clock.clearTimer(handle);
      this.timers.delete(key);
    }
  }

  close() {
    this.closed = true;
    for (const handle of this.timers.values()) {
      this.clock.clearTimer(handle);
    }
    this.timers.clear();
  }

  get isClosed() {
    return this.closed;
  }
}
