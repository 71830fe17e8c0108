/**
 * The in-memory table's continuation token, shaped as the Table service's as the SDK hands it
 * over: base64 JSON `{ nextPartitionKey, nextRowKey }`, each key base64 as Azurite writes them.
 */
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unbase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

export function encodeMemoryToken(partitionKey: string, rowKey: string): string {
  return base64(
    JSON.stringify({ nextPartitionKey: base64(partitionKey), nextRowKey: base64(rowKey) }),
  );
}

/** Lenient like the service: a token it cannot read starts from the range's beginning. */
export function decodeMemoryToken(token: string): { partitionKey: string; rowKey: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(unbase64(token));
  } catch {
    parsed = undefined;
  }
  const { nextPartitionKey, nextRowKey } = (parsed ?? {}) as Record<string, unknown>;
  return {
    partitionKey: typeof nextPartitionKey === 'string' ? unbase64(nextPartitionKey) : '',
    rowKey: typeof nextRowKey === 'string' ? unbase64(nextRowKey) : '',
  };
}
