import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AuthFailure } from '../../../server-app/auth/AuthFailure.js';
import {
  assertToken68,
  MAX_TOKEN_LENGTH,
  readBearerToken,
} from '../../../server-app/auth/readBearerToken.js';

const read = (...values: string[]) => {
  const headers = new Headers();
  for (const value of values) headers.append('authorization', value);
  return readBearerToken(headers);
};

const failsWith = (code: string) => (error: unknown) =>
  error instanceof AuthFailure && error.code === code;

describe('readBearerToken', () => {
  it('returns the token of a Bearer credential, whatever the scheme case', () => {
    assert.equal(read('Bearer eyJ.eyJ.sig'), 'eyJ.eyJ.sig');
    assert.equal(read('bearer a-b_c.d~e+f/g=='), 'a-b_c.d~e+f/g==');
    assert.equal(read('BEARER x'), 'x');
  });

  it('accepts a token of exactly the maximum length', () => {
    assert.equal(read(`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH)}`).length, MAX_TOKEN_LENGTH);
  });

  it('reports missing credentials and other schemes without an error code', () => {
    assert.throws(() => read(), failsWith('ERR_NO_CREDENTIALS'));
    assert.throws(() => read(''), failsWith('ERR_NO_CREDENTIALS'));
    assert.throws(() => read('Basic dXNlcjpwYXNz'), failsWith('ERR_NOT_BEARER'));
    assert.throws(() => read('Bearertoken'), failsWith('ERR_NOT_BEARER'));
  });

  it('refuses several credentials', () => {
    assert.throws(() => read('Bearer a', 'Bearer b'), failsWith('ERR_HEADER_MULTIPLE'));
    assert.throws(() => read('Basic x', 'Bearer b'), failsWith('ERR_HEADER_MULTIPLE'));
    assert.throws(() => read('Bearer a,b'), failsWith('ERR_HEADER_MULTIPLE'));
  });

  it('refuses a missing token and extra spaces or parameters', () => {
    for (const value of ['Bearer', 'Bearer  a', 'Bearer a b', 'Bearer a realm="x"']) {
      assert.throws(() => read(value), failsWith('ERR_HEADER_MALFORMED'), value);
    }
  });

  it('refuses an oversized token before looking at its characters', () => {
    assert.throws(
      () => read(`Bearer ${'"'.repeat(MAX_TOKEN_LENGTH + 1)}`),
      failsWith('ERR_TOKEN_TOO_LARGE'),
    );
  });
});

describe('assertToken68', () => {
  it('accepts b64token characters with trailing "="', () => {
    for (const token of ['eyJ.eyJ.sig', 'a-b_c.d~e+f/g==', 'x']) {
      assert.doesNotThrow(() => assertToken68(token), token);
    }
  });

  it('refuses other characters, "=" inside, and the empty string', () => {
    for (const token of ['a;b', 'a=b', '"a"', 'a\tb', 'é', '']) {
      assert.throws(() => assertToken68(token), failsWith('ERR_HEADER_MALFORMED'), token);
    }
  });
});
