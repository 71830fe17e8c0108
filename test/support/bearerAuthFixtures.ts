/**
 * Shared fixtures of the bearer authenticator tests: the tenant, API and caller IDs, claims of
 * genuine Entra app-only tokens (v1 and v2), and an authenticator with a settable clock and a
 * captured log.
 */
import assert from 'node:assert/strict';

import type { HttpResponseInit } from '@azure/functions';

import {
  createBearerAuthenticator,
  type BearerAuthenticatorOptions,
} from '../../server-app/auth/createBearerAuthenticator.js';
import type { AuthOutcome } from '../../server-app/auth/RequestAuthenticator.js';
import type { TestIssuer } from './testIssuer.js';

export const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
export const OTHER_TENANT = '0f1e2d3c-4b5a-4968-8776-655443322110';
export const API = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const CALLER = 'c0ffee00-1234-4abc-8def-0123456789ab';
export const OTHER_CALLER = 'deadbeef-1234-4abc-8def-0123456789ab';
export const CALLER_OID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
export const GRAPH = '00000003-0000-0000-c000-000000000000';

export const START_MS = Date.UTC(2027, 0, 1);
export const NOW = START_MS / 1000;

export const CHALLENGE = 'Bearer realm="orders-api"';
export const INVALID_REQUEST = 'Bearer realm="orders-api", error="invalid_request"';
export const INVALID_TOKEN = 'Bearer realm="orders-api", error="invalid_token"';
export const INSUFFICIENT_SCOPE = 'Bearer realm="orders-api", error="insufficient_scope"';

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly properties: Readonly<Record<string, unknown>> | undefined;
}

/** An authenticator against `issuer` with a settable clock and a captured log. */
export function setUp(issuer: TestIssuer, options: Partial<BearerAuthenticatorOptions> = {}) {
  const logs: LogLine[] = [];
  const capture = (level: string) => (message: string, properties?: Record<string, unknown>) => {
    logs.push({ level, message, properties });
  };
  const clock = { ms: START_MS };
  const authenticator = createBearerAuthenticator({
    tenantId: TENANT,
    clientId: API,
    authorityHost: issuer.authorityHost,
    allowedClients: [CALLER],
    logger: { info: capture('info'), warn: capture('warn'), error: capture('error') },
    now: () => clock.ms,
    ...options,
  });
  return { authenticator, logs, clock };
}

export function v2Claims(issuer: TestIssuer, overrides: Record<string, unknown> = {}) {
  return withoutUndefined({
    aud: API,
    iss: issuer.v2Issuer,
    iat: NOW - 300,
    nbf: NOW - 300,
    exp: NOW + 3600,
    tid: TENANT,
    ver: '2.0',
    azp: CALLER,
    azpacr: '2',
    oid: CALLER_OID,
    sub: CALLER_OID,
    roles: ['Orders.Read'],
    idtyp: 'app',
    uti: 'Q2FsbGVyVXRp',
    ...overrides,
  });
}

export function v1Claims(issuer: TestIssuer, overrides: Record<string, unknown> = {}) {
  return withoutUndefined({
    ...v2Claims(issuer),
    aud: `api://${API}`,
    iss: issuer.v1Issuer,
    ver: '1.0',
    azp: undefined,
    azpacr: undefined,
    appid: CALLER,
    appidacr: '2',
    ...overrides,
  });
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

export function assertRefused(
  outcome: AuthOutcome,
  expected: { status: number; challenge?: string; retryAfter?: string },
): HttpResponseInit {
  assert.equal(outcome.ok, false, 'expected a refusal');
  if (outcome.ok) throw new Error('unreachable');
  const { response } = outcome;
  const headers = response.headers as Record<string, string>;
  assert.equal(response.status, expected.status);
  assert.equal(headers['WWW-Authenticate'], expected.challenge);
  assert.equal(headers['Retry-After'], expected.retryAfter);
  assert.equal(headers['Cache-Control'], 'no-store');
  assert.equal(headers['Content-Type'], 'application/problem+json');
  return response;
}

export const lastCode = (logs: readonly LogLine[]) => logs.at(-1)?.properties?.['code'];
