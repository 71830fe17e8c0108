/**
 * Runs the tasks posted to it one after another, in order; a failing task fails only its own
 * promise. The driver of an instance takes every message through one, so no two of them ever
 * touch the instance's state at once.
 */
export class Mailbox {
  #chain: Promise<void> = Promise.resolve();

  /** Runs `task` after every task posted before it; resolves or rejects with its outcome. */
  post<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(task);
    this.#chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves once the tasks posted so far have run. */
  settled(): Promise<void> {
    return this.#chain;
  }
}
