import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { JWTPayload } from 'jose';

import { findAccessRefusal, type AccessRules } from '../../../server-app/auth/findAccessRefusal.js';
import type { Caller } from '../../../server-app/auth/RequestAuthenticator.js';

const APP = 'c0ffee00-1234-4abc-8def-0123456789ab';
const OID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const RULES: AccessRules = {
  requiredRole: 'Orders.Read',
  allowedClients: new Set([APP]),
  requireIdtyp: false,
};
const V2_CALLER: Caller = { appId: APP, objectId: OID, tokenVersion: '2.0' };
const V2_CLAIMS: JWTPayload = { azp: APP, azpacr: '2', oid: OID, sub: OID, roles: ['Orders.Read'] };

const refusal = (claims: JWTPayload, rules = RULES, caller = V2_CALLER) => {
  const failure = findAccessRefusal(claims, caller, rules);
  return failure && { code: failure.code, kind: failure.kind, message: failure.message };
};

describe('findAccessRefusal', () => {
  it('allows an app-only token of an allowed caller holding the role', () => {
    assert.equal(refusal(V2_CLAIMS), undefined);
    assert.equal(
      refusal({ ...V2_CLAIMS, idtyp: 'app' }, { ...RULES, requireIdtyp: true }),
      undefined,
    );
    assert.equal(refusal(V2_CLAIMS, { ...RULES, allowedClients: new Set() }), undefined);
  });

  const cases: readonly [string, JWTPayload, Partial<AccessRules>, string, string][] = [
    [
      'a delegated token',
      { scp: 'Orders.Read' },
      {},
      'ERR_DELEGATED_TOKEN',
      'token is delegated (has scp)',
    ],
    ['idtyp user', { idtyp: 'user' }, {}, 'ERR_IDTYP_NOT_APP', 'token idtyp is not "app"'],
    [
      'no idtyp when required',
      {},
      { requireIdtyp: true },
      'ERR_IDTYP_NOT_APP',
      'token idtyp is not "app"',
    ],
    [
      'sub other than oid',
      { sub: 'user' },
      {},
      'ERR_OID_SUB_MISMATCH',
      'token oid differs from sub: not app-only',
    ],
    ['azpacr 0', { azpacr: '0' }, {}, 'ERR_PUBLIC_CLIENT', 'token azpacr is "0": public client'],
    [
      'a caller outside the allow-list',
      {},
      { allowedClients: new Set(['deadbeef-1234-4abc-8def-0123456789ab']) },
      'ERR_CALLER_NOT_ALLOWED',
      `caller ${APP} is not in the allow-list`,
    ],
    [
      'no roles',
      { roles: undefined },
      {},
      'ERR_ROLE_MISSING',
      `caller ${APP} lacks the Orders.Read role`,
    ],
    [
      'another role',
      { roles: ['Orders.ReadWrite'] },
      {},
      'ERR_ROLE_MISSING',
      `caller ${APP} lacks the Orders.Read role`,
    ],
  ];
  for (const [name, claims, rules, code, message] of cases) {
    it(`refuses ${name} with ${code}`, () => {
      assert.deepEqual(refusal({ ...V2_CLAIMS, ...claims }, { ...RULES, ...rules }), {
        code,
        kind: 'insufficient_scope',
        message,
      });
    });
  }

  it('reads appidacr, not azpacr, on a v1 token', () => {
    const v1 = { ...V2_CALLER, tokenVersion: '1.0' } as const;
    const claims = { appid: APP, oid: OID, sub: OID, roles: ['Orders.Read'] };
    assert.equal(refusal({ ...claims, azpacr: '0' }, RULES, v1), undefined);
    assert.deepEqual(refusal({ ...claims, appidacr: '0' }, RULES, v1), {
      code: 'ERR_PUBLIC_CLIENT',
      kind: 'insufficient_scope',
      message: 'token appidacr is "0": public client',
    });
  });
});
