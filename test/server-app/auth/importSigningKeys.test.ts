import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';

import { importSigningKeys } from '../../../server-app/auth/importSigningKeys.js';

const rsa = (modulusLength = 2048) => {
  const { n, e } = generateKeyPairSync('rsa', { modulusLength }).publicKey.export({
    format: 'jwk',
  });
  return { kty: 'RSA', n, e };
};

describe('importSigningKeys', () => {
  it('imports RS256-usable RSA keys by kid, with their issuer member', async () => {
    const key = rsa();
    const keys = await importSigningKeys(
      {
        keys: [
          { ...key, kid: 'entra', use: 'sig', issuer: 'https://issuer/{tenantid}/v2.0' },
          { ...key, kid: 'pinned', alg: 'RS256', key_ops: ['verify'] },
        ],
      },
      'https://keys',
    );
    assert.deepEqual([...keys.keys()], ['entra', 'pinned']);
    const entra = keys.get('entra');
    assert.ok(typeof entra === 'object');
    assert.equal(entra.issuer, 'https://issuer/{tenantid}/v2.0');
    assert.equal(entra.key.type, 'public');
    assert.deepEqual(entra.key.algorithm, {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: { name: 'SHA-256' },
    });
  });

  it('leaves out members that are not RS256 signature keys', async () => {
    const key = rsa();
    const keys = await importSigningKeys(
      {
        keys: [
          { ...key, kid: 'enc', use: 'enc' },
          { ...key, kid: 'rs512', alg: 'RS512' },
          { ...key, kid: 'sign-only', key_ops: ['sign'] },
          { kty: 'EC', kid: 'ec', crv: 'P-256', x: 'AA', y: 'AA' },
          { kty: 'oct', kid: 'secret', k: 'c2VjcmV0' },
          { ...key, kid: '' },
          { ...key, kid: 'no-modulus', n: 65537 },
          'not an object',
        ],
      },
      'https://keys',
    );
    assert.deepEqual([...keys.keys()], []);
  });

  it('marks keys under 2048 bits and kids present twice as unusable', async () => {
    const keys = await importSigningKeys(
      {
        keys: [
          { ...rsa(1024), kid: 'small' },
          { ...rsa(), kid: 'twin' },
          { ...rsa(), kid: 'twin' },
        ],
      },
      'https://keys',
    );
    assert.deepEqual(Object.fromEntries(keys), { small: 'too-small', twin: 'ambiguous' });
  });

  it('fails naming the URL when the document is not a JWK Set', async () => {
    await assert.rejects(importSigningKeys({ key: [] }, 'https://keys'), {
      message: 'https://keys is not a JWK Set',
    });
  });
});
