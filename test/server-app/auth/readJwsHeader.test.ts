import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AuthFailure } from '../../../server-app/auth/AuthFailure.js';
import { readJwsHeader } from '../../../server-app/auth/readJwsHeader.js';

const failsWith = (code: string) => (error: unknown) =>
  error instanceof AuthFailure && error.code === code;

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jws = (header: unknown, payload = segment({ n: 1 }), signature = 'c2ln') =>
  `${segment(header)}.${payload}.${signature}`;

describe('readJwsHeader', () => {
  it('cuts the token into what the signature covers, the payload and the signature', () => {
    const header = segment({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
    const read = readJwsHeader(`${header}.cGF5bG9hZA.c2ln`);
    assert.deepEqual(read, {
      signingInput: `${header}.cGF5bG9hZA`,
      payloadSegment: 'cGF5bG9hZA',
      signatureSegment: 'c2ln',
      kid: 'k1',
      typ: 'JWT',
    });
  });

  it('gives each token its own segments under a header it has read before', () => {
    const header = { alg: 'RS256', kid: 'shared', typ: 'JWT' };
    readJwsHeader(jws(header));
    const second = readJwsHeader(jws(header, segment({ n: 2 }), 'b3RoZXI'));
    assert.equal(second.payloadSegment, segment({ n: 2 }));
    assert.equal(second.signatureSegment, 'b3RoZXI');
    assert.equal(second.kid, 'shared');
  });

  it('refuses a refused header every time it comes, not only the first', () => {
    const hs256 = jws({ alg: 'HS256', kid: 'k1' });
    for (let i = 0; i < 3; i += 1) {
      assert.throws(() => readJwsHeader(hs256), failsWith('ERR_ALG_NOT_ALLOWED'));
    }
    const noKid = jws({ alg: 'RS256' });
    for (let i = 0; i < 3; i += 1) {
      assert.throws(() => readJwsHeader(noKid), failsWith('ERR_KID_MISSING'));
    }
  });

  it('reads every header right however many distinct ones came before', () => {
    const kids = Array.from({ length: 500 }, (_, i) => `kid-${i}`);
    for (const kid of kids) readJwsHeader(jws({ alg: 'RS256', kid }));
    for (const kid of [...kids].reverse()) {
      assert.equal(readJwsHeader(jws({ alg: 'RS256', kid })).kid, kid);
    }
  });

  it('answers 400 for a token that is not a b64token, 401 for a b64token that is not a JWS', () => {
    for (const token of ['a.b"c', 'a=.b.c', 'a b.c.d']) {
      assert.throws(() => readJwsHeader(token), failsWith('ERR_HEADER_MALFORMED'), token);
    }
    for (const token of ['not-a-jwt', 'a.b', 'a.b.c.d', 'a+b.c.d', 'abc==', '.b.c', 'a..c']) {
      assert.throws(() => readJwsHeader(token), failsWith('ERR_TOKEN_MALFORMED'), token);
    }
  });

  it('refuses a header that is not a JSON object, or marks an extension critical', () => {
    for (const header of ['bm90IGpzb24', segment([1]), segment('RS256')]) {
      assert.throws(() => readJwsHeader(`${header}.cA.c2ln`), failsWith('ERR_TOKEN_MALFORMED'));
    }
    assert.throws(
      () => readJwsHeader(jws({ alg: 'RS256', kid: 'k1', crit: ['exp'] })),
      failsWith('ERR_TOKEN_MALFORMED'),
    );
  });
});
