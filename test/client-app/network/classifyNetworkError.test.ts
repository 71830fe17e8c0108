import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classifyNetworkError } from '../../../client-app/network/classifyNetworkError.js';

const coded = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(code), { code, ...extra });

describe('classifyNetworkError', () => {
  it('names each kind of failure by its code, through cause and AggregateError', () => {
    const cases: [unknown, ReturnType<typeof classifyNetworkError>][] = [
      [coded('ECONNREFUSED'), 'refused'],
      [new Error('fetch failed', { cause: coded('ECONNREFUSED') }), 'refused'],
      [new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), 'refused'],
      [coded('ENOTFOUND'), 'dns'],
      [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
      [coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
      [coded('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls'],
      [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'timeout'],
      [coded('UND_ERR_HEADERS_TIMEOUT'), 'timeout'],
      [coded('ECONNRESET'), 'other'],
      [new Error('socket hang up'), 'other'],
      [new Error('plain'), undefined],
      ['not an error', undefined],
    ];
    for (const [error, kind] of cases) {
      assert.equal(classifyNetworkError(error), kind, String((error as Error).message ?? error));
    }
  });
});
