import { beginWork } from '../clock/WorkTrackingClock.js';
import type { Clock } from '../contracts.js';
import { isWorkerExit } from '../worker/WorkerExitedError.js';
import type { DriverMessage, ManagementResult } from './driverMessages.js';
import type { Effect } from './Effect.js';
import { finishedEffects, statusLine } from './finishedEffects.js';
import { manage, type ManagementTurn } from './managementTurn.js';
import { Mailbox } from './Mailbox.js';
import { recoveryEffects } from './recoveryEffects.js';
import { newId } from './newId.js';
import type { HistoryEvent } from './replay/historyEvents.js';
import { continuedRecord } from './replay/newExecution.js';
import { runEpisode, type EpisodeResult } from './replay/runEpisode.js';
import { workItemId, type WorkItem } from './replay/WorkItem.js';
import { selectEpisodeEvents } from './selectEpisodeEvents.js';
import type { InstanceRecord, InstanceStore } from './store/InstanceStore.js';

/** Counters for the bench: how much replay work the engine did. */
export interface DurableStats {
  episodes: number;
  historyEventsReplayed: number;
  activitiesExecuted: number;
}

/** What a driver needs from the engine. */
export interface DriverDeps {
  readonly clock: Clock;
  readonly store: InstanceStore;
  /** Invokes the orchestrator function with a trigger input. */
  readonly invoke: (name: string, triggerInput: unknown) => Promise<unknown>;
  readonly stats: DurableStats;
  /** Carries out a turn's effects (the effect runner), in order. */
  readonly run: (driver: InstanceDriver, effects: readonly Effect[]) => void;
  readonly stopped: () => boolean;
}

/** Delays between attempts to advance an instance whose episode failed. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;

/**
 * Drives one orchestration instance. It alone holds the instance's state, and it changes it only
 * while taking a message from its mailbox, one message at a time; what a turn needs done outside
 * (work, timers, the parent, completion) goes out as {@link Effect}s, whose results come back as
 * messages.
 */
export class InstanceDriver {
  readonly #deps: DriverDeps;
  readonly #mailbox = new Mailbox();
  #record: InstanceRecord;
  #history: HistoryEvent[];
  /** Results waiting for the next episode, in arrival order. */
  #pending: HistoryEvent[] = [];
  /** Task and timer ids of this execution handed out, so none runs twice. */
  readonly #dispatched = new Set<number>();
  /** Ids handed out by an episode whose checkpoint is not saved yet: their results wait. */
  readonly #uncommitted = new Set<number>();
  #queuedActivities = 0;
  #retryDelayMs = 0;
  #wakePosted = false;
  #closed = false;

  constructor(record: InstanceRecord, history: HistoryEvent[], deps: DriverDeps) {
    this.#record = record;
    this.#history = history;
    this.#deps = deps;
  }

  /** The instance as last checkpointed. */
  get record(): InstanceRecord {
    return this.#record;
  }

  /** The checkpointed history of the current execution (a copy). */
  get history(): readonly HistoryEvent[] {
    return [...this.#history];
  }

  /** Takes `message` after every message posted before it; resolves once it is handled. */
  post(message: DriverMessage): Promise<ManagementResult | undefined> {
    const release = beginWork(this.#deps.clock);
    return this.#mailbox.post(() => this.#receive(message)).finally(release);
  }

  /** Resolves once the messages posted so far are handled. */
  settled(): Promise<void> {
    return this.#mailbox.settled();
  }

  async #receive(message: DriverMessage): Promise<ManagementResult | undefined> {
    switch (message.kind) {
      case 'wake':
        this.#wakePosted = false;
        await this.#episode();
        return undefined;
      case 'completed':
        if (this.#closed) return undefined;
        if (message.executionId !== undefined && message.executionId !== this.#record.executionId)
          return undefined;
        this.#pending.push(message.event);
        this.#wakeSoon();
        return undefined;
      case 'activityStarted':
        this.#queuedActivities--;
        if (this.#queuedActivities === 0 && this.#pending.length > 0) this.#wakeSoon();
        return undefined;
      case 'retryDue':
        this.#wakeSoon();
        return undefined;
      case 'raiseEvent':
      case 'terminate':
      case 'suspend':
      case 'resume':
        if (this.#closed) return 'gone';
        return this.#manage(manage(this.#record, message, this.#deps.clock.now()));
      case 'rewound':
        for (const a of message.activities) this.#dispatch({ kind: 'activity', ...a });
        this.#wakeSoon();
        return undefined;
      case 'recover':
        this.#recover();
        return undefined;
      case 'discard':
        this.#closed = true;
        this.#deps.run(this, [{ kind: 'cancelTimers' }]);
        return undefined;
    }
  }

  async #manage(turn: ManagementTurn): Promise<ManagementResult> {
    if (turn.record !== this.#record) await this.#save(turn.record, turn.appended);
    if (turn.finished) {
      this.#closed = true;
      this.#deps.run(this, [{ kind: 'cancelTimers' }, { kind: 'complete', record: this.#record }]);
    }
    this.#deps.run(this, turn.effects);
    if (turn.wake) this.#wakeSoon();
    return turn.result;
  }

  /** Posts a wake a turn later, so results that are ready together go into one episode. */
  #wakeSoon(): void {
    if (this.#wakePosted || this.#closed || this.#deps.stopped()) return;
    this.#wakePosted = true;
    const release = beginWork(this.#deps.clock);
    setImmediate(() => void this.post({ kind: 'wake' }).finally(release));
  }

  #dispatch(item: WorkItem): void {
    if (item.kind === 'deliver') {
      this.#pending.push(item.event);
      this.#wakeSoon();
      return;
    }
    const id = item.kind === 'cancelTimer' ? undefined : workItemId(item);
    if (id !== undefined) {
      if (this.#dispatched.has(id)) return;
      this.#dispatched.add(id);
    }
    if (item.kind === 'activity') this.#queuedActivities++;
    this.#deps.run(this, [{ kind: 'dispatch', executionId: this.#record.executionId, item }]);
  }

  #recover(): void {
    const recovery = recoveryEffects(this.#record, this.#history);
    for (const item of recovery.work) this.#dispatch(item);
    for (const child of recovery.children) this.#dispatched.add(child.taskId);
    this.#deps.run(this, recovery.children);
    this.#wakeSoon();
  }

  async #episode(): Promise<void> {
    const record = this.#record;
    if (this.#closed || this.#deps.stopped()) return;
    const selection = selectEpisodeEvents({
      runtimeStatus: record.runtimeStatus,
      inbox: record.inbox,
      pending: this.#pending,
      uncommitted: this.#uncommitted,
      queuedActivities: this.#queuedActivities,
    });
    if (!selection.run) return;
    const completions = selection.events.slice(record.inbox.length);
    this.#pending = [...selection.held];
    let result: EpisodeResult;
    try {
      result = await runEpisode({
        record,
        history: this.#history,
        events: selection.events,
        now: this.#deps.clock.now(),
        invoke: (triggerInput) => this.#deps.invoke(record.name, triggerInput),
      });
      this.#deps.stats.episodes++;
      this.#deps.stats.historyEventsReplayed += result.replayedEvents;
      if (result.outcome.kind === 'continuedAsNew') {
        await this.#continueAsNew(result.outcome.input, result.outcome.carriedEvents);
        return;
      }
      // Work goes out before the checkpoint, as the Azure Storage provider sends its messages
      // before it saves history: results wait for the save (see selectEpisodeEvents), and if the
      // save fails the re-run episode finds its work already dispatched.
      if (result.outcome.kind === 'running') {
        for (const item of result.work) {
          const id = workItemId(item);
          if (id !== undefined) this.#uncommitted.add(id);
          this.#dispatch(item);
        }
      }
      await this.#save({ ...result.record, inbox: [] }, [...result.appended]);
      this.#uncommitted.clear();
    } catch (error) {
      // Nothing was committed: the completions go into the next attempt.
      this.#pending = [...completions, ...this.#pending];
      this.#retryLater(error);
      return;
    }
    this.#retryDelayMs = 0;
    if (this.#pending.length > 0) this.#wakeSoon();
    if (record.runtimeStatus === 'Pending') this.#log('info', 'started.');
    const { outcome } = result;
    if (outcome.kind !== 'completed' && outcome.kind !== 'failed') return;
    this.#closed = true;
    this.#deps.run(this, finishedEffects(this.#record, outcome, this.#deps.clock.now()));
  }

  /** After a failed episode (storage unreachable), tries again later with growing delays. */
  #retryLater(error: unknown): void {
    // The worker died during the replay: run the episode again on the next worker, at once.
    if (isWorkerExit(error)) {
      this.#wakeSoon();
      return;
    }
    this.#retryDelayMs = Math.min(Math.max(this.#retryDelayMs * 2, FIRST_RETRY_MS), MAX_RETRY_MS);
    this.#log(
      'error',
      `could not advance: ${(error as Error).message}; retrying in ${this.#retryDelayMs / 1000} s.`,
    );
    this.#deps.run(this, [{ kind: 'retryAfter', delayMs: this.#retryDelayMs }]);
  }

  async #continueAsNew(input: string | undefined, carried: readonly HistoryEvent[]): Promise<void> {
    this.#deps.run(this, [{ kind: 'cancelTimers' }]);
    const next = continuedRecord(this.#record, newId(), input, this.#deps.clock.now(), carried);
    await this.#deps.store.save(next, { replace: [] });
    this.#record = next;
    this.#history = [];
    this.#pending = [];
    this.#dispatched.clear();
    this.#uncommitted.clear();
    this.#log('info', 'continued as new.');
    this.#wakeSoon();
  }

  async #save(record: InstanceRecord, appended?: readonly HistoryEvent[]): Promise<void> {
    await this.#deps.store.save(record, appended ? { append: appended } : undefined);
    this.#record = record;
    if (appended) this.#history.push(...appended);
  }

  #log(level: 'info' | 'error', what: string): void {
    this.#deps.run(this, [statusLine(this.#record, level, what)]);
  }
}
