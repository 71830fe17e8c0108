import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readBodyLimit } from '../../../../local/host/http/readRequestBody.js';

describe('readBodyLimit', () => {
  it('defaults to 100 MB and reads FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', () => {
    assert.equal(readBodyLimit({}), 104_857_600);
    assert.equal(readBodyLimit({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: ' 2048 ' }), 2048);
  });

  it('rejects a limit that is not a positive integer', () => {
    assert.throws(() => readBodyLimit({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '10MB' }), {
      code: 'ERR_HOST_APP_LOAD',
      message: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT must be a positive number of bytes, got "10MB".',
    });
  });
});
