import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { StackError } from '../../../local/stack/StackError.js';
import { startStack, traceDirFor } from '../../../local/stack/startStack.js';

describe('startStack', () => {
  it('refuses to start without a build, saying how to make one', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'orders-unbuilt-'));
    const said: string[] = [];
    try {
      await assert.rejects(startStack({ root, say: (line) => said.push(line) }), (error) => {
        assert.ok(error instanceof StackError);
        assert.equal(error.code, 'ERR_NOT_BUILT');
        assert.equal(error.message, 'the project is not built (dist/functions.js is missing)');
        assert.equal(error.fix, 'run "npm run build" first, or use "npm start", which builds');
        return true;
      });
      assert.deepEqual(said, []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('traceDirFor', () => {
  it('records under .local/traces for the default data dir, else under <data-dir>/traces', () => {
    assert.equal(traceDirFor('/repo', undefined), path.join('/repo', '.local', 'traces'));
    assert.equal(traceDirFor('/repo', '/tmp/stack'), path.join('/tmp/stack', 'traces'));
  });
});
