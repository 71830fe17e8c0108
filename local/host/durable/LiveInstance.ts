import type { HistoryEvent } from './replay/historyEvents.js';
import type { InstanceRecord } from './store/InstanceStore.js';

/** In-memory state of an instance the engine is driving. */
export class LiveInstance {
  record: InstanceRecord;
  history: HistoryEvent[];
  /** Completions (activities, timers, sub-orchestrations) waiting for the next episode. */
  pending: HistoryEvent[] = [];
  /** Activities of this instance waiting for a concurrency slot. */
  queuedActivities = 0;
  episodeScheduled = false;
  /** Task and timer ids of this execution handed to the dispatcher, so none runs twice. */
  readonly dispatched = new Set<number>();
  /** Ids dispatched by an episode whose checkpoint is not saved yet; their results wait. */
  readonly uncommitted = new Set<number>();
  /** Delay before retrying a failed episode; 0 after a success. */
  retryDelayMs = 0;
  /** Durable timers by id (and the episode retry), aborted when the instance stops. */
  readonly timers = new Map<number, AbortController>();
  #chain: Promise<void> = Promise.resolve();

  constructor(record: InstanceRecord, history: HistoryEvent[]) {
    this.record = record;
    this.history = history;
  }

  /** Runs `task` after every earlier task of this instance (episodes, events, termination). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(task);
    this.#chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Waits for the tasks queued so far. */
  settled(): Promise<void> {
    return this.#chain;
  }

  cancelTimers(): void {
    for (const timer of this.timers.values()) timer.abort();
    this.timers.clear();
  }
}
