import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  compareKeys,
  createStandInPartition,
  type StandInOrder,
} from '../../../bench/support/standInOrders.js';

const NOW = Date.UTC(2026, 11, 1);
const keyOf = (order: StandInOrder) => ({ updatedAtMs: Date.parse(order.updatedAt), id: order.id });

/** Every page of a delta, following the last order served as the position. */
function readDelta(
  partition: ReturnType<typeof createStandInPartition>,
  sinceMs: number,
  top: number,
) {
  const items: StandInOrder[] = [];
  let pages = 0;
  for (let after = null as ReturnType<typeof keyOf> | null; pages < 10_000;) {
    const page = partition.deltaPage(sinceMs, after, top);
    pages += 1;
    items.push(...page.items);
    const last = page.items[page.items.length - 1];
    if (!page.more || !last) break;
    after = keyOf(last);
  }
  return { items, pages };
}

describe('createStandInPartition', () => {
  it('serves a full read by id, every order once, in the real order shape', () => {
    const partition = createStandInPartition('s10', 10);
    const first = partition.fullPage(0, 4);
    const rest = [partition.fullPage(4, 4), partition.fullPage(8, 4)];
    assert.equal(first.next, 4);
    assert.equal(rest[1]?.next, null);
    const ids = [first, ...rest].flatMap((page) => page.items.map((o) => o.id));
    assert.equal(new Set(ids).size, 10);
    assert.deepEqual(ids, [...ids].sort());
    const order = first.items[0];
    assert.ok(order);
    assert.match(order.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.deepEqual(Object.keys(order).sort(), [
      'createdAt',
      'currency',
      'customerId',
      'id',
      'itemCount',
      'partition',
      'status',
      'totalAmount',
      'updatedAt',
    ]);
    assert.ok(Date.parse(order.updatedAt) > Date.parse(order.createdAt));
  });

  it('answers a delta of a million-order partition with the touched orders only, by (updatedAt, id)', () => {
    const partition = createStandInPartition('s1m', 1_000_000);
    const touched = partition.touch(1_000, NOW);
    const later = partition.touch(3, NOW + 5);
    const delta = readDelta(partition, NOW - 120_000, 1000);
    assert.equal(delta.pages, 2);
    const changed = new Set([...touched, ...later]);
    assert.equal(delta.items.length, changed.size);
    assert.deepEqual(new Set(delta.items.map((o) => o.id)), changed);
    const keys = delta.items.map(keyOf);
    keys.slice(1).forEach((key, i) => {
      const previous = keys[i];
      assert.ok(previous && compareKeys(previous, key) < 0, `out of order at ${i + 1}`);
    });
    assert.ok(delta.items.every((o) => o.status !== 'delivered'));
    // The full read shows each touched order once, in its id position, changed.
    const full = partition.fullPage(0, 1000).items;
    assert.equal(full.length, 1000);
    assert.equal(new Set(full.map((o) => o.id)).size, 1000);
  });

  it('serves nothing since an instant after every change, and everything since the beginning', () => {
    const partition = createStandInPartition('s50', 50);
    partition.touch(5, NOW);
    assert.deepEqual(partition.deltaPage(NOW + 1, null, 10), { items: [], more: false });
    const all = readDelta(partition, 0, 7);
    assert.equal(all.items.length, 50);
    assert.equal(new Set(all.items.map((o) => o.id)).size, 50);
    assert.equal(all.pages, 8);
    // Untouched orders first (January 2025), the five touched ones last.
    assert.ok(all.items.slice(45).every((o) => Date.parse(o.updatedAt) === NOW));
  });

  it('touches a different set each time and never moves an order back in time', () => {
    const partition = createStandInPartition('s100', 100);
    const first = partition.touch(10, NOW);
    const second = partition.touch(10, NOW);
    assert.equal(new Set(first).size, 10);
    assert.notDeepEqual(first, second);
    assert.equal(partition.touchedCount, 20);
    const again = partition.touch(100, NOW - 60_000);
    assert.equal(again.length, 100);
    const delta = readDelta(partition, NOW, 1000);
    // The 20 orders touched at NOW were touched again "earlier": they moved to NOW + 1.
    assert.equal(delta.items.length, 20);
  });

  it('keeps an order changed while a delta is paged: it comes again later in the same delta', () => {
    const partition = createStandInPartition('s20', 20);
    partition.touch(20, NOW);
    const page = partition.deltaPage(NOW, null, 5);
    const seen = page.items[0];
    assert.ok(seen && page.more);
    partition.touch(20, NOW + 10);
    const rest = readDeltaFrom(partition, NOW, keyOf(page.items[4] as StandInOrder), 5);
    assert.ok(rest.some((o) => o.id === seen.id && Date.parse(o.updatedAt) === NOW + 10));
  });
});

function readDeltaFrom(
  partition: ReturnType<typeof createStandInPartition>,
  sinceMs: number,
  after: { updatedAtMs: number; id: string },
  top: number,
): StandInOrder[] {
  const items: StandInOrder[] = [];
  for (let position = after, pages = 0; pages < 1_000; pages++) {
    const page = partition.deltaPage(sinceMs, position, top);
    items.push(...page.items);
    const last = page.items[page.items.length - 1];
    if (!page.more || !last) break;
    position = keyOf(last);
  }
  return items;
}
