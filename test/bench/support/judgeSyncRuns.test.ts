import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  judgeSyncRuns,
  type SyncBenchShape,
  type SyncRunFigures,
} from '../../../bench/support/judgeSyncRuns.js';
import type { OrdersStandInStats } from '../../../bench/support/startOrdersStandIn.js';

const shape: SyncBenchShape = {
  partitions: 100,
  pages: 10,
  ordersPerPage: 5,
  latencyMs: 20,
  maxParallel: 10,
  wallRatioTarget: 1.2,
  pollMs: 10,
  timeoutMs: 90_000,
};
const served = {} as OrdersStandInStats;
/** With one partition alone at 200 ms, the ideal is 10 × 200 + 20 = 2,020 ms. */
const probe = { partitionMs: 200 };

function run(name: string, wallMs: number, changes: Partial<SyncRunFigures> = {}): SyncRunFigures {
  return {
    name,
    outcome: { status: undefined, finished: true, wallMs },
    served,
    tokenRequests: name === 'cold' ? 1 : 0,
    problems: [],
    ...changes,
  };
}

describe('judgeSyncRuns', () => {
  it('judges the warm runs by their median and shows the cold run beside them', () => {
    const verdict = judgeSyncRuns(
      shape,
      [run('cold', 4040), run('warm 1', 2222), run('warm 2', 2626), run('warm 3', 2020)],
      probe,
    );
    assert.equal(verdict.idealMs, 2020);
    assert.equal(verdict.nominalMs, 2020);
    assert.equal(verdict.coldRatio, 2);
    assert.deepEqual(verdict.warmRatios, [1.1, 1.3, 1]);
    assert.equal(verdict.warmMedian, 1.1);
    assert.equal(verdict.wallMet, true);
    assert.equal(verdict.tokensMet, true);
  });

  it('misses the wall target when the median is over it', () => {
    const verdict = judgeSyncRuns(
      shape,
      [run('cold', 2020), run('warm 1', 2500), run('warm 2', 2500), run('warm 3', 2020)],
      probe,
    );
    assert.equal(verdict.wallMet, false);
  });

  it('misses it when a warm run did not finish or did not sync correctly', () => {
    const unfinished = run('warm 2', 90_000, {
      outcome: { status: undefined, finished: false, wallMs: 90_000 },
    });
    const wrong = run('warm 2', 2020, { problems: ['120 page requests for 100 pages'] });
    for (const bad of [unfinished, wrong]) {
      const verdict = judgeSyncRuns(
        shape,
        [run('cold', 2020), run('warm 1', 2020), bad, run('warm 3', 2020)],
        probe,
      );
      assert.equal(verdict.wallMet, false);
    }
  });

  it('has no ideal and meets nothing without the probe', () => {
    const verdict = judgeSyncRuns(shape, [run('cold', 2020), run('warm 1', 2020)], {
      partitionMs: undefined,
    });
    assert.equal(verdict.idealMs, undefined);
    assert.equal(verdict.wallMet, false);
  });

  it('wants one token request in the cold run and at most one in any', () => {
    const runs = [run('cold', 2020, { tokenRequests: 0 }), run('warm 1', 2020)];
    assert.equal(judgeSyncRuns(shape, runs, probe).tokensMet, false);
    const twice = [run('cold', 2020), run('warm 1', 2020, { tokenRequests: 2 })];
    assert.equal(judgeSyncRuns(shape, twice, probe).tokensMet, false);
  });
});
