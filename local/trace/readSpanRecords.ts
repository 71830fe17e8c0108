import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { SpanRecord } from '../../shared/telemetry/SpanRecord.js';

/** Every span in the `*.ndjson` files of `dir` (one file per app); unreadable lines are skipped. */
export async function readSpanRecords(dir: string): Promise<SpanRecord[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.ndjson'));
  } catch {
    return [];
  }
  const records: SpanRecord[] = [];
  for (const name of names.sort()) {
    const text = await readFile(path.join(dir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as SpanRecord;
        if (typeof record.traceId === 'string' && typeof record.spanId === 'string') {
          records.push(record);
        }
      } catch {
        // A line cut short by a crash: the rest of the file is still worth showing.
      }
    }
  }
  return records;
}
