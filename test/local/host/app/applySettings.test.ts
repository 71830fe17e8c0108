import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { applySettings } from '../../../../local/host/app/applySettings.js';

describe('applySettings', () => {
  it('fills gaps from local settings, lets the process env and then overrides win, and restores', () => {
    const env: NodeJS.ProcessEnv = { FROM_PROCESS: 'process', SHARED: 'process' };
    const restore = applySettings(
      { FROM_FILE: 'file', SHARED: 'file', OVERRIDDEN: 'file' },
      { OVERRIDDEN: 'override', FROM_PROCESS: 'override' },
      env,
    );
    assert.deepEqual(env, {
      FROM_PROCESS: 'override',
      SHARED: 'process',
      FROM_FILE: 'file',
      OVERRIDDEN: 'override',
    });
    restore();
    assert.deepEqual(env, { FROM_PROCESS: 'process', SHARED: 'process' });
  });
});
