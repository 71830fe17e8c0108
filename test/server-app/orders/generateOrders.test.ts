import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { generateOrders } from '../../../server-app/orders/generateOrders.js';
import { ORDER_STATUSES } from '../../../server-app/orders/Order.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const options = { partition: 'emea', count: 400, seed: 'gen-test', endAt: END };

describe('generateOrders', () => {
  it('generates the same orders for the same options', () => {
    assert.deepEqual(generateOrders(options), generateOrders(options));
    assert.notDeepEqual(generateOrders(options), generateOrders({ ...options, seed: 'other' }));
  });

  it('keeps the first N orders when more are asked for, so re-seeding bigger only adds', () => {
    const small = generateOrders({ ...options, count: 50 });
    const big = new Map(generateOrders(options).map((order) => [order.id, order]));
    for (const order of small) assert.deepEqual(big.get(order.id), order);
  });

  it('sorts by id, which sorts by creation time', () => {
    const orders = generateOrders(options);
    assert.equal(orders.length, 400);
    assert.equal(new Set(orders.map((o) => o.id)).size, 400);
    for (let i = 1; i < orders.length; i++) {
      assert.ok(orders[i - 1]!.id < orders[i]!.id);
      assert.ok(orders[i - 1]!.createdAt <= orders[i]!.createdAt);
    }
  });

  it('produces realistic, well-formed orders in the window before endAt', () => {
    const orders = generateOrders(options);
    const start = new Date(END.getTime() - 180 * 86_400_000).toISOString();
    for (const order of orders) {
      assert.equal(order.partition, 'emea');
      assert.match(order.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.match(order.customerId, /^cus_[0-9A-HJKMNP-TV-Z]{16}$/);
      assert.ok(['EUR', 'GBP', 'CHF'].includes(order.currency));
      assert.match(order.totalAmount, /^\d+\.\d{2}$/);
      assert.ok(order.itemCount >= 1 && order.itemCount <= 20);
      assert.ok(order.createdAt >= start && order.updatedAt < END.toISOString());
      assert.ok(order.createdAt <= order.updatedAt);
    }
    // Repeat customers and a spread of statuses, as real order books have.
    assert.ok(new Set(orders.map((o) => o.customerId)).size < orders.length);
    const statuses = new Set(orders.map((o) => o.status));
    assert.ok(statuses.size >= 4 && [...statuses].every((s) => ORDER_STATUSES.includes(s)));
  });

  it('prices zero-decimal currencies without minor digits, and unknown regions in USD', () => {
    const yen = generateOrders({ ...options, partition: 'apac-north' });
    assert.ok(yen.every((o) => /^\d+$/.test(o.totalAmount) && ['JPY', 'KRW'].includes(o.currency)));
    const other = generateOrders({ ...options, partition: 'mars-base', count: 5 });
    assert.ok(other.every((o) => o.currency === 'USD'));
  });
});
