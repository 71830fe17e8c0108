import type { SyncArchive } from '../../../../client-app/sync/createSyncArchive.js';
import {
  partitionBlobPath,
  reportBlobPath,
} from '../../../../client-app/sync/createSyncArchive.js';
import type { SyncSummary } from '../../../../client-app/sync/syncTypes.js';

/** An in-process {@link SyncArchive} with block-blob rules: staged blocks are invisible until committed. */
export interface MemorySyncArchive extends SyncArchive {
  /** Committed blobs: path → NDJSON text. */
  readonly blobs: Map<string, string>;
  readonly reports: SyncSummary[];
  /** Commits (or whole writes) per blob path. */
  readonly commits: Map<string, number>;
  /** Makes the next commits fail (e.g. a storage outage) until set back to false. */
  failCommits: boolean;
}

export function createMemorySyncArchive(): MemorySyncArchive {
  const staged = new Map<string, Map<number, Buffer>>();
  const archive: MemorySyncArchive = {
    blobs: new Map(),
    reports: [],
    commits: new Map(),
    failCommits: false,
    stageBlock(runId, partition, index, body) {
      const path = partitionBlobPath(runId, partition);
      const blocks = staged.get(path) ?? new Map<number, Buffer>();
      blocks.set(index, Buffer.from(body));
      staged.set(path, blocks);
      return Promise.resolve();
    },
    commitPartition(runId, partition, blockCount) {
      const path = partitionBlobPath(runId, partition);
      if (archive.failCommits)
        return Promise.reject(new Error('the blob service refused the commit'));
      const blocks = staged.get(path) ?? new Map<number, Buffer>();
      const parts: Buffer[] = [];
      for (let i = 0; i < blockCount; i++) {
        const block = blocks.get(i);
        if (!block) return Promise.reject(new Error(`block ${i} of ${path} was never staged`));
        parts.push(block);
      }
      archive.blobs.set(path, Buffer.concat(parts).toString('utf8'));
      archive.commits.set(path, (archive.commits.get(path) ?? 0) + 1);
      return Promise.resolve(path);
    },
    writePartition(runId, partition, body) {
      const path = partitionBlobPath(runId, partition);
      if (archive.failCommits)
        return Promise.reject(new Error('the blob service refused the write'));
      archive.blobs.set(path, body.toString('utf8'));
      archive.commits.set(path, (archive.commits.get(path) ?? 0) + 1);
      return Promise.resolve(path);
    },
    writeReport(summary) {
      archive.reports.push(summary);
      return Promise.resolve(reportBlobPath(summary.runId));
    },
  };
  return archive;
}

/** The ids in a committed NDJSON blob, in order. */
export function idsIn(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}
