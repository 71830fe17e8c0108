import { parseSyncState } from './parseSyncState.js';
import { SyncStateConflictError, type SyncStateStore } from './SyncStateStore.js';

/** An in-process {@link SyncStateStore} with the blob store's conditional-write rules. */
export interface MemorySyncStateStore extends SyncStateStore {
  /** The stored text per partition, for tests that hand-edit or inspect it. */
  readonly texts: Map<string, string>;
}

export function createMemorySyncStateStore(): MemorySyncStateStore {
  const texts = new Map<string, string>();
  const etags = new Map<string, string>();
  let version = 0;
  const etagOf = (partition: string) => {
    let etag = etags.get(partition);
    if (etag === undefined) etags.set(partition, (etag = `"m${++version}"`));
    return etag;
  };
  return {
    texts,
    read(partition) {
      const text = texts.get(partition);
      if (text === undefined) return Promise.resolve({ kind: 'absent' });
      const parsed = parseSyncState(text, partition);
      const etag = etagOf(partition);
      return Promise.resolve(
        parsed.ok
          ? { kind: 'found', state: parsed.state, etag }
          : { kind: 'corrupt', reason: parsed.reason, etag },
      );
    },
    write(partition, state, etag) {
      const exists = texts.has(partition);
      if (etag === undefined ? exists : !exists || etagOf(partition) !== etag) {
        return Promise.reject(new SyncStateConflictError(partition));
      }
      texts.set(partition, JSON.stringify(state));
      const next = `"m${++version}"`;
      etags.set(partition, next);
      return Promise.resolve(next);
    },
  };
}
