/** Event-loop turns to wait before skipping time, so promise chains between two works settle. */
const SETTLE_TURNS = 3;

/**
 * Counts the work in flight on a virtual clock and, once none has run for a few event-loop turns,
 * calls `onIdle` (where the clock moves time). Shared by `VirtualClock` and `TimeSkippingClock`.
 */
export class IdleCheck {
  #busy = 0;
  #checkScheduled = false;
  readonly #wanted: () => boolean;
  readonly #onIdle: () => void;

  /**
   * @param wanted whether a check is worth scheduling now (something could move time).
   * @param onIdle called once no work has run for the settle turns.
   */
  constructor(wanted: () => boolean, onIdle: () => void) {
    this.#wanted = wanted;
    this.#onIdle = onIdle;
  }

  /** Whether work is in flight. */
  get busy(): boolean {
    return this.#busy > 0;
  }

  /** Marks work as in flight until the returned function is called (idempotent). */
  beginWork(): () => void {
    this.#busy++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#busy--;
      if (this.#busy === 0) this.schedule();
    };
  }

  /** Schedules a check, unless one is pending or none is wanted. */
  schedule(): void {
    if (this.#checkScheduled || !this.#wanted()) return;
    this.#checkScheduled = true;
    let turns = 0;
    const step = (): void => {
      if (this.#busy > 0) {
        // Work resumed; its end schedules a new check.
        this.#checkScheduled = false;
        return;
      }
      if (++turns < SETTLE_TURNS) {
        setImmediate(step);
        return;
      }
      this.#checkScheduled = false;
      this.#onIdle();
    };
    setImmediate(step);
  }
}
