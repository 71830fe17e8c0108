import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Logger } from '../../../shared/logging/Logger.js';
import {
  CachedRefusal,
  REPEAT_LOG_INTERVAL_MS,
  type RefusedOutcome,
} from '../../../server-app/auth/CachedRefusal.js';

const OUTCOME: RefusedOutcome = { ok: false, code: 'ERR_ROLE_MISSING', response: { status: 403 } };
const PROPERTIES = { code: 'ERR_ROLE_MISSING', reason: 'no role', tokenFingerprint: '0123abcd' };

function capture() {
  const lines: unknown[][] = [];
  const logger: Logger = {
    info: (...line) => lines.push(['info', ...line]),
    warn: (...line) => lines.push(['warn', ...line]),
    error: (...line) => lines.push(['error', ...line]),
  };
  return { lines, logger };
}

describe('CachedRefusal', () => {
  it('returns its outcome and logs nothing within the interval after the first line', () => {
    const { lines, logger } = capture();
    const refusal = new CachedRefusal(OUTCOME, PROPERTIES, 1_000);
    assert.equal(refusal.serve(1_000, logger), OUTCOME);
    assert.equal(refusal.serve(1_000 + REPEAT_LOG_INTERVAL_MS - 1, logger), OUTCOME);
    assert.deepEqual(lines, []);
  });

  it('reports the repeats since the previous line once per interval', () => {
    const { lines, logger } = capture();
    const refusal = new CachedRefusal(OUTCOME, PROPERTIES, 0);
    for (const at of [1, 2, REPEAT_LOG_INTERVAL_MS, REPEAT_LOG_INTERVAL_MS + 1]) {
      refusal.serve(at, logger);
    }
    refusal.serve(2 * REPEAT_LOG_INTERVAL_MS, logger);
    assert.deepEqual(lines, [
      ['warn', 'Bearer token refused again', { ...PROPERTIES, repeats: 3 }],
      ['warn', 'Bearer token refused again', { ...PROPERTIES, repeats: 2 }],
    ]);
  });
});
