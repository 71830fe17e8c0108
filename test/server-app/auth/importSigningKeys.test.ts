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
    assert.equal(entra.jwksUri, 'https://keys');
    assert.equal(entra.key.type, 'public');
    assert.equal(entra.key.asymmetricKeyType, 'rsa');
    assert.deepEqual(entra.key.asymmetricKeyDetails, {
      modulusLength: 2048,
      publicExponent: 65537n,
    });
  });

  it('leaves out members that are not RS256 signature keys', async () => {
    const key = rsa();
    const keys = await importSigningKeys(
      {
        keys: [
          { ...key, kid: 'usable' },
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
    assert.deepEqual([...keys.keys()], ['usable']);
  });

  it('refuses a set without one usable RS256 key, empty or not, so it never replaces one', async () => {
    for (const members of [
      [],
      [{ ...rsa(1024), kid: 'small' }],
      [{ ...rsa(), kid: 'x', use: 'enc' }],
    ]) {
      await assert.rejects(importSigningKeys({ keys: members }, 'https://keys'), {
        name: 'IssuerFault',
        code: 'ERR_ISSUER_NO_USABLE_KEYS',
        message: `https://keys holds no usable RS256 signing key (${members.length} members)`,
      });
    }
  });

  it('marks keys under 2048 bits and kids present twice as unusable', async () => {
    const keys = await importSigningKeys(
      {
        keys: [
          { ...rsa(1024), kid: 'small' },
          { ...rsa(), kid: 'twin' },
          { ...rsa(), kid: 'twin' },
          { ...rsa(), kid: 'usable' },
        ],
      },
      'https://keys',
    );
    assert.equal(typeof keys.get('usable'), 'object');
    assert.deepEqual([keys.get('small'), keys.get('twin')], ['too-small', 'ambiguous']);
  });

  it('fails naming the URL when the document is not a JWK Set', async () => {
    await assert.rejects(importSigningKeys({ key: [] }, 'https://keys'), {
      code: 'ERR_ISSUER_DOCUMENT_INVALID',
      message: 'https://keys is not a JWK Set',
    });
  });
});
