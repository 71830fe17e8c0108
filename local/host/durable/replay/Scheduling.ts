import type { HistoryEvent } from './historyEvents.js';
import type { ReplayProgress } from './ReplayProgress.js';
import type { WorkItem } from './WorkItem.js';

/** What a step of an episode adds: the new progress, the events it schedules, the work they start. */
export interface Scheduling {
  readonly progress: ReplayProgress;
  readonly scheduled: readonly HistoryEvent[];
  readonly work: readonly WorkItem[];
}
