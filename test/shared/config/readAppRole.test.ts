import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';
import { readAppRole } from '../../../shared/config/readAppRole.js';

describe('readAppRole', () => {
  it('accepts client and server', () => {
    assert.equal(readAppRole({ ORDERS_APP: 'client' }), 'client');
    assert.equal(readAppRole({ ORDERS_APP: ' server ' }), 'server');
  });

  it('fails naming ORDERS_APP when it is unset or empty', () => {
    for (const source of [{}, { ORDERS_APP: '' }]) {
      assert.throws(
        () => readAppRole(source),
        (error: unknown) =>
          error instanceof ConfigurationError &&
          error.problems.length === 1 &&
          error.problems[0]?.setting === 'ORDERS_APP' &&
          /"client" or "server"/.test(error.message),
      );
    }
  });

  it('fails naming ORDERS_APP, what was given and what is allowed, for an unknown role', () => {
    assert.throws(
      () => readAppRole({ ORDERS_APP: 'clinet' }),
      /ORDERS_APP: must be "client" or "server", got "clinet"/,
    );
  });
});
