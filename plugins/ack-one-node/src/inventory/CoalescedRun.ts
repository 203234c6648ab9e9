/**
 * Runs a task one at a time, for readers that apply the inventory's data:
 * a call while the task runs waits for it and runs it once more after it
 * (shared by every caller that comes meanwhile), so the newest data is
 * always applied.
 *
 * @public
 */
export class CoalescedRun<T> {
  readonly #task: () => Promise<T>;
  #running?: Promise<T>;
  #queued?: Promise<T>;

  constructor(task: () => Promise<T>) {
    this.#task = task;
  }

  /** Runs the task now, or once more after the run in flight. */
  run(): Promise<T> {
    if (!this.#running) {
      this.#running = this.#task().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.run();
      });
    return this.#queued;
  }

  /** The queued run, else the one in flight, else undefined. */
  pending(): Promise<T> | undefined {
    return this.#queued ?? this.#running;
  }
}
