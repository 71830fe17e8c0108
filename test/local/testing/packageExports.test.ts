import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as testing from 'orders-daemon/testing';

import { createTestHost } from '../../../local/testing/createTestHost.js';
import { REPO_ROOT } from '../../support/repoRoot.js';

describe('package exports', () => {
  it('serves the harness as orders-daemon/testing, the same module as local/testing', () => {
    assert.equal(testing.createTestHost, createTestHost);
    assert.deepEqual(Object.keys(testing).sort(), [
      'TimeSkippingClock',
      'createDurableClient',
      'createTestHost',
      'useFakeDate',
    ]);
  });

  it('keeps the package root on main, the entry the Functions host loads', () => {
    assert.equal(
      fileURLToPath(import.meta.resolve('orders-daemon')),
      `${REPO_ROOT}/dist/functions.js`,
    );
  });
});
