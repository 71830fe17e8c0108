import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  judgeScale,
  type FullSyncFigures,
  type IncrementalFigures,
  type ScaleFigures,
} from '../../../bench/scale/judgeScale.js';

const MB = 1e6;

function full(
  label: string,
  orders: number,
  changes: Partial<FullSyncFigures> = {},
): FullSyncFigures {
  return {
    label,
    orders,
    // 20,000 orders/s against a raw 25,000: 0.8×.
    wallMs: orders / 20,
    rawOrdersPerSecond: 25_000,
    peakRssBytes: 180 * MB,
    problems: [],
    ...changes,
  };
}

function incremental(
  label: string,
  expectedOrders: number,
  changes: Partial<IncrementalFigures> = {},
): IncrementalFigures {
  return {
    label,
    partitions: 1,
    wallMs: 400,
    requests: 1,
    ordersFetched: expectedOrders,
    expectedOrders,
    problems: [],
    ...changes,
  };
}

/** Every target met: flat memory, fast enough, an unchanged run of 400 ms after a 50 s full one. */
function figures(changes: Partial<ScaleFigures> = {}): ScaleFigures {
  const largest = full('1M', 1_000_000, { peakRssBytes: 220 * MB });
  return {
    fullSyncs: [full('10k', 10_000), full('100k', 100_000), largest],
    repeatSync: full('1M again', 1_000_000, { peakRssBytes: 230 * MB }),
    incrementalBase: largest,
    afterTouch: incremental('after touching 1,000', 1_000, { wallMs: 900 }),
    unchanged: incremental('unchanged', 0),
    deltaCost: {
      orders: 100_000,
      changes: 1_000,
      fullEntitiesRead: 100_000,
      deltaEntitiesRead: 1_010,
      deltaItems: 1_000,
    },
    ...changes,
  };
}

const metOf = (scale: ScaleFigures) => judgeScale(scale).map((verdict) => verdict.met);

describe('judgeScale', () => {
  it('meets every target when memory is flat, throughput near the ideal and runs cost what changed', () => {
    const verdicts = judgeScale(figures());
    assert.deepEqual(
      verdicts.map((v) => v.met),
      [true, true, true, true, true, true],
    );
    assert.match(
      verdicts[0]?.detail ?? '',
      /10k 180 MB; 1M 220 MB = 1\.22×, 1M again 230 MB = 1\.28×/,
    );
    assert.match(verdicts[2]?.detail ?? '', /20000 vs 25000 orders\/s = 0\.80×/);
    assert.match(verdicts[4]?.detail ?? '', /1\.0 per partition; 400 ms of 50000 ms = 0\.80%/);
    assert.match(verdicts[5]?.detail ?? '', /1010 vs 100000 entities = 1\.01%/);
  });

  it('misses flat memory when RSS grows with the partition, on either run, and the cap past 300 MB', () => {
    const grown = figures({
      fullSyncs: [full('10k', 10_000), full('1M', 1_000_000, { peakRssBytes: 1_600 * MB })],
    });
    assert.deepEqual(metOf(grown).slice(0, 2), [false, false]);
    // The second run alone grows: 250 MB is under the cap but 1.39× the 10k run.
    const second = figures({ repeatSync: full('1M again', 1_000_000, { peakRssBytes: 250 * MB }) });
    assert.deepEqual(metOf(second).slice(0, 2), [false, true]);
    // Flat but high: 320 MB at 10k and at 1M.
    const high = figures({
      fullSyncs: [
        full('10k', 10_000, { peakRssBytes: 320 * MB }),
        full('1M', 1_000_000, { peakRssBytes: 320 * MB }),
      ],
      repeatSync: full('1M again', 1_000_000, { peakRssBytes: 320 * MB }),
    });
    assert.deepEqual(metOf(high).slice(0, 2), [true, false]);
  });

  it('judges no memory or throughput from an incorrect or unmeasured run', () => {
    const wrong = full('1M', 1_000_000, { problems: ['999000 orders written'] });
    assert.deepEqual(metOf(figures({ fullSyncs: [full('10k', 10_000), wrong] })).slice(0, 3), [
      false,
      false,
      false,
    ]);
    const unmeasured = full('1M', 1_000_000, {
      peakRssBytes: undefined,
      rawOrdersPerSecond: undefined,
    });
    assert.deepEqual(metOf(figures({ fullSyncs: [full('10k', 10_000), unmeasured] })).slice(0, 3), [
      false,
      false,
      false,
    ]);
    assert.deepEqual(metOf(figures({ fullSyncs: [full('10k', 10_000)] })).slice(0, 3), [
      false,
      false,
      false,
    ]);
  });

  it('misses throughput under 0.7× the raw page rate', () => {
    const slow = full('1M', 1_000_000, { wallMs: 1_000_000 / 17 });
    assert.equal(metOf(figures({ fullSyncs: [full('10k', 10_000), slow] }))[2], false);
  });

  it('misses the incremental targets when a run fetches the wrong orders, too many requests or too long', () => {
    assert.equal(
      metOf(figures({ afterTouch: incremental('after', 1_000, { ordersFetched: 999 }) }))[3],
      false,
    );
    assert.equal(
      metOf(figures({ unchanged: incremental('unchanged', 0, { ordersFetched: 1_000 }) }))[3],
      false,
    );
    assert.equal(metOf(figures({ afterTouch: undefined }))[3], false);
    assert.equal(
      metOf(figures({ unchanged: incremental('unchanged', 0, { requests: 2 }) }))[4],
      false,
    );
    // 5% of the 50 s full run is 2.5 s.
    assert.equal(
      metOf(figures({ unchanged: incremental('unchanged', 0, { wallMs: 2_500 }) }))[4],
      false,
    );
    assert.equal(
      metOf(figures({ unchanged: incremental('unchanged', 0, { problems: ['run Failed'] }) }))[4],
      false,
    );
    assert.equal(metOf(figures({ unchanged: undefined }))[4], false);
  });

  it('misses the delta cost at 2% of a full read, and without server figures', () => {
    const costly = {
      orders: 100_000,
      changes: 1_000,
      fullEntitiesRead: 100_000,
      deltaEntitiesRead: 2_000,
      deltaItems: 1_000,
    };
    assert.equal(metOf(figures({ deltaCost: costly }))[5], false);
    const verdicts = judgeScale(figures({ deltaCost: undefined }));
    assert.equal(verdicts[5]?.met, false);
    assert.equal(verdicts[5]?.detail, 'no server-side figures');
  });
});

describe('judgeScale on a delta that returned the wrong orders', () => {
  it('misses the delta cost target however few entities it read', () => {
    const wrong = {
      orders: 100_000,
      changes: 1_000,
      fullEntitiesRead: 100_000,
      deltaEntitiesRead: 10,
      deltaItems: 9,
    };
    const verdict = judgeScale(figures({ deltaCost: wrong }))[5];
    assert.equal(verdict?.met, false);
    assert.match(verdict?.detail ?? '', /returned 9 orders for 1000 changes/);
  });
});
