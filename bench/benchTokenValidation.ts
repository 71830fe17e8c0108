/**
 * What validating a bearer token costs, side by side in one run: the first sight of a genuine
 * token (header, RS256 signature, claims, Entra checks), the first sight of a forged one (a known
 * `kid`, a bad signature, a fresh token each time), a repeat (served from the validated-token
 * cache), the first sight with two allowed tenants (ORDERS_API_ALLOWED_TENANTS), and a bare
 * node:crypto RS256 verify of the same token as the floor. Targets: first
 * sight ≤ 2× the bare verify, forged ≤ 2× the bare verify, repeat < 10 µs/op.
 */
import { createPublicKey, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { createBearerAuthenticator } from '../server-app/auth/createBearerAuthenticator.js';
import type { RequestAuthenticator } from '../server-app/auth/RequestAuthenticator.js';
import { silentLogger } from '../shared/logging/Logger.js';
import { ORDERS_READ_ROLE } from '../shared/names.js';
import { startTestIssuer } from '../test/support/testIssuer.js';
import { forgedBearerHeaders } from './support/forgedBearerHeaders.js';
import { formatTable, formatTarget } from './support/printTable.js';

const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
const OTHER_TENANT = '0f1e2d3c-4b5a-4968-8776-655443322110';
const API = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CALLER = 'c0ffee00-1234-4abc-8def-0123456789ab';
const CALLER_OID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const REPEAT_TARGET_US = 10;
/** First sight (genuine or forged) at most this many times the bare verify. */
const FIRST_SIGHT_TARGET_RATIO = 2;

interface Row {
  readonly name: string;
  readonly iterations: number;
  readonly microsPerOp: number;
}

/** Runs the three measurements and prints them as one aligned table. */
export async function benchTokenValidation(): Promise<void> {
  const issuer = await startTestIssuer(TENANT);
  try {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.sign({
      aud: API,
      iss: issuer.v2Issuer,
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      tid: TENANT,
      ver: '2.0',
      azp: CALLER,
      azpacr: '2',
      oid: CALLER_OID,
      sub: CALLER_OID,
      roles: [ORDERS_READ_ROLE],
      idtyp: 'app',
    });
    const headers = new Headers({ authorization: `Bearer ${token}` });
    const options = {
      tenantId: TENANT,
      clientId: API,
      authorityHost: issuer.authorityHost,
      allowedClients: [CALLER],
      logger: silentLogger,
    };
    const uncached = createBearerAuthenticator({ ...options, cacheSize: 0 });
    // Several allowed tenants: the token's unverified tid picks the key set before the signature.
    const uncachedMultiTenant = createBearerAuthenticator({
      ...options,
      cacheSize: 0,
      allowedTenants: [TENANT, OTHER_TENANT],
    });
    const cached = createBearerAuthenticator(options);

    const [signingInput = '', signature = ''] = splitSignature(token);
    const publicKey = createPublicKey({ key: issuer.currentKey.publicJwk, format: 'jwk' });
    const signatureBytes = Buffer.from(signature, 'base64url');
    const bareVerify = () => {
      if (!verify('sha256', Buffer.from(signingInput), publicKey, signatureBytes)) {
        throw new Error('bare verify failed');
      }
    };

    const forged = forgedBearerHeaders(token);
    const forgedHeaders = () => new Headers(forged());

    // Interleaved rounds, so drift on a busy machine (other processes, GC) touches every row.
    const rounds: Row[][] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      rounds.push([
        await measure(FIRST_SIGHT, 2_000, () => authenticateOk(uncached, headers)),
        await measure(FIRST_SIGHT_MULTI_TENANT, 2_000, () =>
          authenticateOk(uncachedMultiTenant, headers),
        ),
        await measure(FORGED, 2_000, () => authenticateRefused(uncached, forgedHeaders())),
        await measure(REPEAT, 200_000, () => authenticateOk(cached, headers)),
        await measure(BARE, 2_000, bareVerify),
      ]);
    }
    printTable(medianRows(rounds));
  } finally {
    await issuer.close();
  }
}

const FIRST_SIGHT = 'first sight (header, crypto.verify, claims, Entra checks)';
const FIRST_SIGHT_MULTI_TENANT = 'first sight, 2 allowed tenants (tid picks the key set)';
const FORGED = 'forged: known kid, bad signature, fresh each time';
const REPEAT = 'repeat (validated-token cache)';
const BARE = 'bare node:crypto RS256 verify';
const ROUNDS = 3;

async function authenticateRefused(authenticator: RequestAuthenticator, headers: Headers) {
  const outcome = await authenticator.authenticate(headers);
  if (outcome.ok || outcome.response.status !== 401) {
    throw new Error('forged benchmark token was not refused with 401');
  }
}

/** Per row, the round with the median time. */
function medianRows(rounds: readonly (readonly Row[])[]): Row[] {
  const first = rounds[0] ?? [];
  return first.map((_, index) => {
    const sorted = rounds
      .map((round) => round[index] as Row)
      .sort((a, b) => a.microsPerOp - b.microsPerOp);
    return sorted[Math.floor(sorted.length / 2)] as Row;
  });
}

async function authenticateOk(authenticator: RequestAuthenticator, headers: Headers) {
  const outcome = await authenticator.authenticate(headers);
  if (!outcome.ok) throw new Error(`benchmark token refused: ${outcome.response.status}`);
}

function splitSignature(token: string): [string, string] {
  const cut = token.lastIndexOf('.');
  return [token.slice(0, cut), token.slice(cut + 1)];
}

async function measure(name: string, iterations: number, operation: () => unknown): Promise<Row> {
  // Warm-up: fills caches (metadata, keys, validated tokens) and lets the JIT settle.
  for (let i = 0; i < Math.min(iterations / 10, 1_000); i += 1) await operation();
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) await operation();
  const microsPerOp = ((performance.now() - start) * 1000) / iterations;
  return { name, iterations, microsPerOp };
}

function printTable(rows: readonly Row[]): void {
  const micros = (name: string) => rows.find((row) => row.name === name)?.microsPerOp ?? NaN;
  const bare = micros(BARE);
  const ratio = (name: string) => micros(name) / bare;
  console.log(
    `  token validation (RS256, 2048-bit key), one process, sequential; median of ${ROUNDS} interleaved rounds`,
  );
  for (const line of formatTable([
    ['measure', 'µs/op', 'vs bare', 'ops'],
    ...rows.map((row) => [
      row.name,
      row.microsPerOp.toFixed(2),
      `${(row.microsPerOp / bare).toFixed(2)}×`,
      String(row.iterations),
    ]),
  ])) {
    console.log(line);
  }
  for (const name of [FIRST_SIGHT, FORGED]) {
    console.log(
      formatTarget(
        `${name.split(':')[0]?.split(' (')[0]} ≤ ${FIRST_SIGHT_TARGET_RATIO}× bare verify`,
        ratio(name) <= FIRST_SIGHT_TARGET_RATIO,
        `${micros(name).toFixed(1)} µs vs ${bare.toFixed(1)} µs: ${ratio(name).toFixed(2)}×`,
      ),
    );
  }
  console.log(
    formatTarget(
      `repeat < ${REPEAT_TARGET_US} µs/op`,
      micros(REPEAT) < REPEAT_TARGET_US,
      `${micros(REPEAT).toFixed(2)} µs`,
    ),
  );
}
