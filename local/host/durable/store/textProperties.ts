/** Characters per string property: Table Storage allows 64 KiB (32K UTF-16 code units). */
const PART = 30_000;
/** Entities are limited to 1 MiB; keep each under ~800 KB of UTF-16. */
export const MAX_ENTITY_TEXT = 400_000;

/** Splits `text` into properties `D0..Dn` (+ `Parts`) of one entity. */
export function packText(text: string): Record<string, string | number> {
  if (text.length > MAX_ENTITY_TEXT) {
    throw new RangeError(
      `A durable payload of ${text.length} characters exceeds the local store's ${MAX_ENTITY_TEXT}-character entity limit; keep orchestration inputs and outputs small (pass blob references).`,
    );
  }
  const props: Record<string, string | number> = {};
  let parts = 0;
  for (let i = 0; i < text.length || parts === 0; i += PART) {
    props[`D${parts++}`] = text.slice(i, i + PART);
  }
  props['Parts'] = parts;
  return props;
}

/** Joins what {@link packText} split. */
export function unpackText(entity: Readonly<Record<string, unknown>>): string {
  const parts = Number(entity['Parts'] ?? 0);
  let text = '';
  for (let i = 0; i < parts; i++) {
    const part = entity[`D${i}`];
    text += typeof part === 'string' ? part : '';
  }
  return text;
}

/** Groups items into chunks whose JSON stays under the entity limit (one item may fill a chunk). */
export function chunkByJsonSize<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const item of items) {
    const itemSize = JSON.stringify(item).length + 1;
    if (current.length > 0 && size + itemSize > MAX_ENTITY_TEXT) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
