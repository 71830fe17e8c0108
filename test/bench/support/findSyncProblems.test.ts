import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { findSyncProblems } from '../../../bench/support/findSyncProblems.js';
import type { OrdersStandInStats } from '../../../bench/support/startOrdersStandIn.js';

const expected = { partitions: 2, pages: 3, ordersPerPage: 4 };
const served: OrdersStandInStats = {
  requests: 7,
  listingRequests: 1,
  pageRequests: 6,
  partitionStarts: 2,
  refused: 0,
  maxInFlight: 2,
  meanInFlight: 1.5,
  meanPartitionMs: 60,
  meanRefillMs: 5,
  firstRequestAt: 1,
  lastResponseAt: 200,
};
const completed = {
  runtimeStatus: 'Completed',
  output: { totals: { partitions: 2, synced: 2, failed: 0, orders: 24, pages: 6 } },
};

describe('findSyncProblems', () => {
  it('finds nothing in a correct run', () => {
    assert.deepEqual(findSyncProblems(expected, completed, served), []);
  });

  it('reports a run that rescheduled work (the Task.any bug) from both sides', () => {
    assert.deepEqual(
      findSyncProblems(
        expected,
        {
          runtimeStatus: 'Completed',
          output: { totals: { partitions: 2, synced: 2, failed: 0, orders: 24, pages: 9 } },
        },
        { ...served, partitionStarts: 3, pageRequests: 9 },
      ),
      [
        'summary says 2 synced, 9 pages, 24 orders',
        '3 partition syncs started for 2 partitions',
        '9 page requests for 6 pages',
      ],
    );
  });

  it('reports a missing or unfinished run, extra listings and refusals', () => {
    assert.deepEqual(findSyncProblems(expected, undefined, { ...served, listingRequests: 2 }), [
      'no run status',
      '2 listing requests',
    ]);
    assert.deepEqual(
      findSyncProblems(expected, { runtimeStatus: 'Failed' }, { ...served, refused: 1 }),
      ['run Failed', '1 requests refused by the stand-in'],
    );
  });
});
