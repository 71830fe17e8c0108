import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseHostArgs } from '../../../local/host/parseHostArgs.js';

describe('parseHostArgs', () => {
  it('reads the app folder, port and --memory; no --port leaves the port to the host', () => {
    assert.deepEqual(parseHostArgs(['apps/x']), {
      appDir: 'apps/x',
      port: undefined,
      memory: false,
    });
    assert.deepEqual(parseHostArgs(['apps/x', '--port', '0', '--memory']), {
      appDir: 'apps/x',
      port: 0,
      memory: true,
    });
  });

  it('explains usage for a missing folder, a bad port or an unknown option', () => {
    const usage = 'Usage: npm run host -- <appDir> [--port N] [--memory]';
    assert.throws(() => parseHostArgs([]), {
      name: 'TypeError',
      message: `Expected one app folder. ${usage}`,
    });
    assert.throws(() => parseHostArgs(['x', '--port', '70000']), {
      message: `"--port" must be an integer from 0 to 65535, got "70000". ${usage}`,
    });
    assert.throws(
      () => parseHostArgs(['x', '--verbose']),
      (error: Error) => error.message.endsWith(usage),
    );
  });
});
