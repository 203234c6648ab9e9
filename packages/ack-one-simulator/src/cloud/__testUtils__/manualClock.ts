import type { CloudClock } from '../scheduler';

interface PendingTimer {
  id: number;
  due: number;
  ms: number;
  fn: () => void;
}

/** A clock for tests: timers run only when the test advances it. */
export class ManualClock implements CloudClock {
  private time = 1_700_000_000_000;
  private nextId = 1;
  private readonly pending = new Map<number, PendingTimer>();

  now() {
    return this.time;
  }

  setTimer(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.pending.set(id, { id, due: this.time + ms, ms, fn });
    return id;
  }

  clearTimer(handle: unknown) {
    this.pending.delete(handle as number);
  }

  /** The delays (ms) of the timers that have not run yet. */
  delays(): number[] {
    return [...this.pending.values()].map(t => t.ms);
  }

  /** Moves time forward by `ms`, running every timer that falls due (in order). */
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.pending.values()]
        .filter(t => t.due <= until)
        .sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.pending.delete(next.id);
      this.time = next.due;
      next.fn();
    }
    this.time = until;
  }
}
