import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  findScaleRunProblems,
  type ScaleRunStatus,
} from '../../../bench/scale/findScaleRunProblems.js';

const expected = { partition: 's1m', mode: 'incremental', orders: 1_000, pages: 1 } as const;
const served = {
  pageRequests: 1,
  fullReads: 0,
  deltaReads: 1,
  ordersServed: 1_000,
  gapMs: 0,
  longGapMs: 0,
  longGaps: 0,
};

function status(
  changes: Partial<{ runtimeStatus: string; mode: string; orders: number; state: string }> = {},
): ScaleRunStatus {
  return {
    runtimeStatus: changes.runtimeStatus ?? 'Completed',
    output: {
      partitions: [
        {
          name: 's1m',
          status: changes.state ?? 'synced',
          mode: changes.mode ?? 'incremental',
          orders: changes.orders ?? 1_000,
          pages: 1,
          chunks: 1,
        },
      ],
    },
  };
}

describe('findScaleRunProblems', () => {
  it('finds nothing wrong with a run that did what it should', () => {
    assert.deepEqual(findScaleRunProblems(expected, status(), served), []);
  });

  it('names each way a run can differ from the one expected', () => {
    assert.deepEqual(findScaleRunProblems(expected, undefined, served), ['no run status']);
    assert.deepEqual(
      findScaleRunProblems(expected, status({ runtimeStatus: 'Failed', state: 'failed' }), served),
      ['run Failed', 'partition failed'],
    );
    assert.deepEqual(
      findScaleRunProblems(expected, status({ mode: 'full', orders: 1_000_000 }), served),
      ['read full, not incremental', '1000000 orders written, 1000 expected'],
    );
    assert.deepEqual(
      findScaleRunProblems(expected, status(), {
        ...served,
        pageRequests: 2,
        fullReads: 1,
        deltaReads: 0,
      }),
      ['1 full and 0 delta reads started, 1 delta expected', '2 page requests, 1 expected'],
    );
    assert.deepEqual(
      findScaleRunProblems(
        expected,
        { runtimeStatus: 'Completed', output: { partitions: [] } },
        served,
      ),
      ['the summary has no partition s1m'],
    );
  });
});
