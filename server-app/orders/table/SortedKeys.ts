/** Keys per block before it splits: small enough that an insert's splice stays cheap. */
const MAX_BLOCK = 1024;

/**
 * Row keys of one partition in ascending order, for the in-memory table: sorted blocks of at most
 * {@link MAX_BLOCK} keys, so an insert anywhere moves at most one block's keys (one flat sorted
 * array made seeding 100,000 orders with their index rows take seconds: each order row lands
 * before every index row).
 */
export class SortedKeys {
  readonly #blocks: string[][] = [];

  insert(key: string): void {
    const blocks = this.#blocks;
    if (blocks.length === 0) {
      blocks.push([key]);
      return;
    }
    const b = this.#blockFor(key);
    const block = blocks[b] as string[];
    const at = sortedIndexOf(block, key);
    if (block[at] === key) return;
    block.splice(at, 0, key);
    if (block.length > MAX_BLOCK) blocks.splice(b + 1, 0, block.splice(MAX_BLOCK / 2));
  }

  delete(key: string): void {
    if (this.#blocks.length === 0) return;
    const b = this.#blockFor(key);
    const block = this.#blocks[b] as string[];
    const at = sortedIndexOf(block, key);
    if (block[at] !== key) return;
    block.splice(at, 1);
    if (block.length === 0) this.#blocks.splice(b, 1);
  }

  /** Keys >= `key`, ascending. Do not insert or delete while iterating. */
  *from(key: string): Generator<string> {
    const blocks = this.#blocks;
    if (blocks.length === 0) return;
    let b = this.#blockFor(key);
    let at = sortedIndexOf(blocks[b] as string[], key);
    for (; b < blocks.length; b++, at = 0) {
      const block = blocks[b] as string[];
      for (let i = at; i < block.length; i++) yield block[i] as string;
    }
  }

  /** The last block whose first key is <= `key` (the first block when none is). */
  #blockFor(key: string): number {
    const blocks = this.#blocks;
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (((blocks[mid] as string[])[0] as string) <= key) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** The first index whose key is >= `key` (`keys.length` when none is). */
function sortedIndexOf(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] as string) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
