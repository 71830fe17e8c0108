/**
 * What validating a bearer token costs, side by side: the first sight of a token (jose verify
 * plus the Entra checks), a repeat (served from the validated-token cache), and a bare
 * node:crypto RS256 verify of the same token as the floor. Target: repeat < 10 µs/op.
 */
import { createPublicKey, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { createBearerAuthenticator } from '../server-app/auth/createBearerAuthenticator.js';
import type { RequestAuthenticator } from '../server-app/auth/RequestAuthenticator.js';
import { silentLogger } from '../shared/logging/Logger.js';
import { ORDERS_READ_ROLE } from '../shared/names.js';
import { startTestIssuer } from '../test/support/testIssuer.js';

const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
const API = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CALLER = 'c0ffee00-1234-4abc-8def-0123456789ab';
const CALLER_OID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const REPEAT_TARGET_US = 10;

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
    const cached = createBearerAuthenticator(options);

    const [signingInput = '', signature = ''] = splitSignature(token);
    const publicKey = createPublicKey({ key: issuer.currentKey.publicJwk, format: 'jwk' });
    const signatureBytes = Buffer.from(signature, 'base64url');
    const bareVerify = () => {
      if (!verify('sha256', Buffer.from(signingInput), publicKey, signatureBytes)) {
        throw new Error('bare verify failed');
      }
    };

    const rows: Row[] = [
      await measure('first sight (jose verify + Entra checks)', 2_000, () =>
        authenticateOk(uncached, headers),
      ),
      await measure('repeat (validated-token cache)', 200_000, () =>
        authenticateOk(cached, headers),
      ),
      await measure('bare node:crypto RS256 verify', 2_000, bareVerify),
    ];
    printTable(rows);
  } finally {
    await issuer.close();
  }
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
  const title = 'token validation (RS256, 2048-bit key)';
  const width = Math.max(title.length, ...rows.map((row) => row.name.length));
  const line = (name: string, micros: string, ops: string) =>
    console.log(`${name.padEnd(width)}  ${micros.padStart(9)}  ${ops.padStart(8)}`);
  line(title, 'µs/op', 'ops');
  for (const row of rows) line(row.name, row.microsPerOp.toFixed(2), String(row.iterations));
  const repeat = rows.find((row) => row.name.startsWith('repeat'));
  if (repeat !== undefined) {
    const verdict = repeat.microsPerOp < REPEAT_TARGET_US ? 'met' : 'MISSED';
    console.log(`target: repeat < ${REPEAT_TARGET_US} µs/op: ${verdict}`);
  }
}
