import type { DeltaKey } from './standInOrders.js';

/**
 * The stand-in's continuation token: opaque to the client (base64url JSON, as the real server's
 * is), bound to its partition and query. It carries what the last page's watermark needs, so the
 * stand-in keeps no per-query state: a full read's start clock, a delta's last (`updatedAt`, id),
 * which is also the greatest `updatedAt` the delta has read (it is ordered by it).
 */
export type StandInCursor =
  | {
      readonly kind: 'full';
      readonly partition: string;
      readonly next: number;
      readonly startedMs: number;
    }
  | {
      readonly kind: 'delta';
      readonly partition: string;
      readonly sinceMs: number;
      readonly after: DeltaKey;
    };

export function encodeCursor(cursor: StandInCursor): string {
  const payload =
    cursor.kind === 'full'
      ? { p: cursor.partition, f: cursor.next, w: cursor.startedMs }
      : { p: cursor.partition, s: cursor.sinceMs, k: [cursor.after.updatedAtMs, cursor.after.id] };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * The cursor a token encodes, or undefined when it is malformed or was issued for another
 * partition or another query (a full read's token on a delta, or a delta from another `since`).
 */
export function decodeCursor(
  token: string,
  query: { readonly partition: string; readonly sinceMs: number | null },
): StandInCursor | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { p, f, w, s, k } = payload as Record<string, unknown>;
  if (p !== query.partition) return undefined;
  if (query.sinceMs === null) {
    return isCount(f) && isCount(w)
      ? { kind: 'full', partition: p, next: f, startedMs: w }
      : undefined;
  }
  if (s !== query.sinceMs || !Array.isArray(k) || k.length !== 2) return undefined;
  const [updatedAtMs, id] = k as unknown[];
  return isCount(updatedAtMs) && typeof id === 'string'
    ? { kind: 'delta', partition: p, sinceMs: s, after: { updatedAtMs, id } }
    : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
