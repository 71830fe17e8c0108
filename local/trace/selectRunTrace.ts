import type { SpanRecord } from '../../shared/telemetry/SpanRecord.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';

/** A run's spans: every span of every trace in which some span names the run. */
export interface RunSpans {
  readonly runId: string;
  readonly spans: readonly SpanRecord[];
}

/**
 * The spans of run `runId`, or of the run that ended last for `latest`; undefined when no span
 * names it. A run is one trace; a run started outside a traced starter still is, and a retried
 * activity in another trace (none should be) would be shown too.
 */
export function selectRunTrace(
  records: readonly SpanRecord[],
  runId: string,
): RunSpans | undefined {
  const wanted = runId === 'latest' ? latestRunId(records) : runId;
  if (wanted === undefined) return undefined;
  const traceIds = new Set(
    records.filter((r) => r.attributes[ATTR.runId] === wanted).map((r) => r.traceId),
  );
  if (traceIds.size === 0) return undefined;
  return { runId: wanted, spans: records.filter((r) => traceIds.has(r.traceId)) };
}

/** Run ids with their last end, newest first. */
export function listRuns(records: readonly SpanRecord[]): { runId: string; endMs: number }[] {
  const ends = new Map<string, number>();
  for (const record of records) {
    const runId = record.attributes[ATTR.runId];
    if (typeof runId !== 'string') continue;
    ends.set(runId, Math.max(ends.get(runId) ?? 0, record.endMs));
  }
  return [...ends].map(([runId, endMs]) => ({ runId, endMs })).sort((a, b) => b.endMs - a.endMs);
}

function latestRunId(records: readonly SpanRecord[]): string | undefined {
  return listRuns(records)[0]?.runId;
}
