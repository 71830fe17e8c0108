import { partitionSyncStateSchema, type PartitionSyncState } from './partitionSyncState.js';

export type ParsedSyncState =
  | { readonly ok: true; readonly state: PartitionSyncState }
  | { readonly ok: false; readonly reason: string };

/** Checks stored text against the state's shape; anything else is reported, never trusted. */
export function parseSyncState(text: string, partition: string): ParsedSyncState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the sync state is not JSON' };
  }
  const parsed = partitionSyncStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'state';
    return { ok: false, reason: `the sync state has a bad ${where}` };
  }
  if (parsed.data.partition !== partition) {
    return { ok: false, reason: `the sync state names partition ${parsed.data.partition}` };
  }
  return { ok: true, state: parsed.data };
}
