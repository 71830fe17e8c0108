import { EVENT_TYPE_NAMES, EventType, type HistoryEvent } from '../replay/historyEvents.js';
import type { InstanceRecord } from '../store/InstanceStore.js';

/** Flags of the status API. */
export interface StatusOptions {
  readonly showHistory?: boolean;
  readonly showHistoryOutput?: boolean;
  /** Default true, as the extension. */
  readonly showInput?: boolean;
}

/** The status JSON of the durable HTTP API (`DurableOrchestrationStatus` on the client side). */
export interface StatusPayload {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly input: unknown;
  readonly customStatus: unknown;
  readonly output: unknown;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly historyEvents?: readonly Record<string, unknown>[];
  /** Same as `historyEvents`: durable-functions' DurableOrchestrationStatus reads this name. */
  readonly history?: readonly Record<string, unknown>[];
}

const parse = (text: string | undefined): unknown =>
  text === undefined ? null : (JSON.parse(text) as unknown);

/** Seconds precision with a Z, as the extension formats (`ToString("s") + "Z"`). */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19) + 'Z';
}

/** Builds the status JSON; pass `history` when `showHistory` is set. */
export function statusPayload(
  record: InstanceRecord,
  options: StatusOptions = {},
  history: readonly HistoryEvent[] = [],
): StatusPayload {
  const payload: StatusPayload = {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    input: options.showInput === false ? null : parse(record.input),
    customStatus: parse(record.customStatus),
    output: parse(record.output),
    createdTime: formatTime(record.createdTime),
    lastUpdatedTime: formatTime(record.lastUpdatedTime),
  };
  if (!options.showHistory) return payload;
  const events = readableHistory(history, options.showHistoryOutput === true);
  return { ...payload, historyEvents: events, history: events };
}

const HIDDEN = new Set<number>([
  EventType.TaskScheduled,
  EventType.SubOrchestrationInstanceCreated,
  EventType.OrchestratorStarted,
  EventType.OrchestratorCompleted,
]);

/**
 * History in the status API's readable form, like the extension: type names, completions carry
 * the scheduled function's name and time, scheduling and episode markers are dropped.
 */
export function readableHistory(
  history: readonly HistoryEvent[],
  showOutput: boolean,
): Record<string, unknown>[] {
  const scheduled = new Map<number, HistoryEvent>();
  for (const event of history) if (event.EventId >= 0) scheduled.set(event.EventId, event);
  const result: Record<string, unknown>[] = [];
  for (const event of history) {
    if (HIDDEN.has(event.EventType)) continue;
    const out: Record<string, unknown> = {
      EventType: EVENT_TYPE_NAMES[event.EventType] ?? String(event.EventType),
      Timestamp: event.Timestamp,
    };
    const source = scheduled.get(Number(event['TaskScheduledId'] ?? event['TimerId'] ?? -1));
    if (event.EventType === EventType.ExecutionStarted) {
      out['FunctionName'] = event['Name'];
      if (showOutput && typeof event['Input'] === 'string') out['Input'] = parse(event['Input']);
    } else if (source && source.EventType !== EventType.TimerCreated) {
      out['FunctionName'] = source['Name'];
      out['ScheduledTime'] = source.Timestamp;
    }
    for (const key of ['Name', 'FireAt', 'Reason', 'Details', 'OrchestrationStatus'] as const) {
      if (event[key] !== undefined && event.EventType !== EventType.ExecutionStarted)
        out[key] = event[key];
    }
    if (showOutput && typeof event['Result'] === 'string') out['Result'] = parse(event['Result']);
    if (
      showOutput &&
      event.EventType === EventType.EventRaised &&
      typeof event['Input'] === 'string'
    ) {
      out['Input'] = parse(event['Input']);
    }
    result.push(out);
  }
  return result;
}
