import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Order } from '../../../server-app/orders/Order.js';
import { fromOrderEntity, toOrderEntity } from '../../../server-app/orders/orderEntity.js';

const ORDER: Order = {
  id: '01KRM12TEJ6T7VXJZTGWTF89ZP',
  partition: 'emea',
  customerId: 'cus_R2RJJGDPYXCND242',
  status: 'shipped',
  currency: 'EUR',
  totalAmount: '149.90',
  itemCount: 3,
  createdAt: '2026-05-14T19:58:10.386Z',
  updatedAt: '2026-05-20T00:59:58.255Z',
};

describe('toOrderEntity', () => {
  it('keys the row by partition and id, with timestamps as dates', () => {
    assert.deepEqual(toOrderEntity(ORDER), {
      partitionKey: 'emea',
      rowKey: '01KRM12TEJ6T7VXJZTGWTF89ZP',
      customerId: 'cus_R2RJJGDPYXCND242',
      status: 'shipped',
      currency: 'EUR',
      totalAmount: '149.90',
      itemCount: 3,
      createdAt: new Date('2026-05-14T19:58:10.386Z'),
      updatedAt: new Date('2026-05-20T00:59:58.255Z'),
    });
  });
});

describe('fromOrderEntity', () => {
  it('reads a stored row back into the same order', () => {
    assert.deepEqual(fromOrderEntity({ ...toOrderEntity(ORDER), etag: 'W/"x"' }), ORDER);
  });

  it('names the row and the bad fields of a row that is not an order', () => {
    assert.throws(
      () =>
        fromOrderEntity({
          ...toOrderEntity(ORDER),
          etag: 'W/"x"',
          status: 'lost',
          itemCount: '3',
        }),
      {
        message: 'Entity emea/01KRM12TEJ6T7VXJZTGWTF89ZP is not an order (bad: status, itemCount)',
      },
    );
  });
});
