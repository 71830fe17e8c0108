/**
 * A local Entra-like token issuer for tests: an HTTP server on 127.0.0.1 (random port) serving a
 * tenant's v2.0 and v1.0 OpenID discovery documents and its JWK Set, with keys the test can
 * rotate, and a signer for any token, including the malformed ones jose itself refuses to make.
 */
import { generateKeyPairSync, sign as cryptoSign, constants, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SignJWT, type JWTHeaderParameters } from 'jose';

/** A signing key of the issuer: its private half, and the JWK it publishes. */
export interface TestKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: Readonly<Record<string, unknown>>;
}

/** How the issuer answers: normally, by dropping connections, with HTTP 500, or never. */
export type IssuerMode = 'up' | 'down' | 'error' | 'hang';

/** Which documents a mode applies to. */
export type IssuerDocument = 'v2' | 'v1' | 'keys';

export interface SignOptions {
  /** Default: the current key. */
  readonly key?: TestKey;
  /** Default RS256. `none` makes an unsigned token; `HS256` uses `secret`. */
  readonly alg?: 'RS256' | 'RS512' | 'PS256' | 'HS256' | 'none';
  /** For HS256. */
  readonly secret?: Uint8Array;
  /** Merged over `{ alg, typ: 'JWT', kid }`; a member set to undefined is removed. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Sign with node:crypto instead of jose, which refuses e.g. unknown `crit` members. */
  readonly raw?: boolean;
}

export interface TestIssuer {
  /** `http://127.0.0.1:{port}`: pass as the authenticator's `authorityHost`. */
  readonly authorityHost: string;
  readonly tenantId: string;
  /** `iss` of v1 tokens (`https://sts.windows.net/{tid}/`, as Entra). */
  readonly v1Issuer: string;
  /** `iss` of v2 tokens (`{authorityHost}/{tid}/v2.0`). */
  readonly v2Issuer: string;
  readonly jwksUri: string;
  /** The key tokens are signed with by default. */
  readonly currentKey: TestKey;
  /** The keys the JWK Set publishes, in order. */
  readonly publishedKeys: readonly TestKey[];
  /** Requests served per document since start. */
  readonly requestCounts: Readonly<Record<IssuerDocument, number>>;
  /** A new RSA key (not published). `issuer: null` omits the JWK's issuer member. */
  createKey(options?: {
    readonly kid?: string;
    readonly modulusLength?: number;
    readonly issuer?: string | null;
  }): TestKey;
  /** Publishes exactly these keys. */
  publishKeys(keys: readonly TestKey[]): void;
  /** Makes a new current key, published first; the old keys stay unless `dropOld`. */
  rotateKey(options?: { readonly dropOld?: boolean }): TestKey;
  /** Sets how the given documents (default all) are answered. */
  setMode(mode: IssuerMode, documents?: readonly IssuerDocument[]): void;
  /** A compact JWS of `claims`; see {@link SignOptions}. */
  sign(claims: Readonly<Record<string, unknown>>, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

let kidCounter = 0;

// RSA key generation is slow (~100 ms); issuers share key material, each taking the pool's keys
// in order, so keys stay distinct within an issuer and are generated once per process.
const keyPool = new Map<number, { privateKey: KeyObject; publicKey: KeyObject }[]>();
function pooledKeyPair(modulusLength: number, index: number) {
  const pool = keyPool.get(modulusLength) ?? [];
  keyPool.set(modulusLength, pool);
  while (pool.length <= index) pool.push(generateKeyPairSync('rsa', { modulusLength }));
  return pool[index] as { privateKey: KeyObject; publicKey: KeyObject };
}

/** Starts the issuer for `tenantId`. Close it in `after`. */
export async function startTestIssuer(tenantId: string): Promise<TestIssuer> {
  const modes: Record<IssuerDocument, IssuerMode> = { v2: 'up', v1: 'up', keys: 'up' };
  const requestCounts: Record<IssuerDocument, number> = { v2: 0, v1: 0, keys: 0 };
  const server = createServer((request, response) => serve(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const authorityHost = `http://127.0.0.1:${port}`;
  const v2Issuer = `${authorityHost}/${tenantId}/v2.0`;
  const jwksUri = `${authorityHost}/${tenantId}/discovery/v2.0/keys`;
  const paths: Record<string, IssuerDocument> = {
    [`/${tenantId}/v2.0/.well-known/openid-configuration`]: 'v2',
    [`/${tenantId}/.well-known/openid-configuration`]: 'v1',
    [`/${tenantId}/discovery/v2.0/keys`]: 'keys',
  };

  const keysTaken = new Map<number, number>();
  const createKey: TestIssuer['createKey'] = (options = {}) => {
    const modulusLength = options.modulusLength ?? 2048;
    const index = keysTaken.get(modulusLength) ?? 0;
    keysTaken.set(modulusLength, index + 1);
    const { privateKey, publicKey } = pooledKeyPair(modulusLength, index);
    const kid = options.kid ?? `test-key-${++kidCounter}`;
    // As Entra: no alg member, use sig, and the v2 issuer with its {tenantid} template.
    const issuer =
      options.issuer === undefined ? `${authorityHost}/{tenantid}/v2.0` : options.issuer;
    const { n, e } = publicKey.export({ format: 'jwk' });
    const publicJwk = { kty: 'RSA', use: 'sig', kid, n, e, ...(issuer === null ? {} : { issuer }) };
    return { kid, privateKey, publicJwk };
  };
  let currentKey = createKey();
  let publishedKeys: readonly TestKey[] = [currentKey];

  function documentFor(document: IssuerDocument): unknown {
    switch (document) {
      case 'v2':
        return {
          issuer: v2Issuer,
          jwks_uri: jwksUri,
          token_endpoint: `${authorityHost}/${tenantId}/oauth2/v2.0/token`,
          id_token_signing_alg_values_supported: ['RS256'],
        };
      case 'v1':
        return {
          issuer: 'https://sts.windows.net/{tenantid}/',
          jwks_uri: `${authorityHost}/common/discovery/keys`,
          token_endpoint: `${authorityHost}/${tenantId}/oauth2/token`,
        };
      case 'keys':
        return { keys: publishedKeys.map((key) => key.publicJwk) };
    }
  }

  function serve(request: IncomingMessage, response: ServerResponse): void {
    const document = request.method === 'GET' ? paths[request.url ?? ''] : undefined;
    if (document === undefined) {
      response.writeHead(404).end();
      return;
    }
    requestCounts[document] += 1;
    switch (modes[document]) {
      case 'down':
        request.socket.destroy();
        return;
      case 'error':
        response.writeHead(500, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      case 'hang':
        return;
      case 'up':
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(documentFor(document)));
    }
  }

  return {
    authorityHost,
    tenantId,
    v1Issuer: `https://sts.windows.net/${tenantId}/`,
    v2Issuer,
    jwksUri,
    get currentKey() {
      return currentKey;
    },
    get publishedKeys() {
      return publishedKeys;
    },
    requestCounts,
    createKey,
    publishKeys(keys) {
      publishedKeys = [...keys];
    },
    rotateKey({ dropOld = false } = {}) {
      currentKey = createKey();
      publishedKeys = dropOld ? [currentKey] : [currentKey, ...publishedKeys];
      return currentKey;
    },
    setMode(mode, documents = ['v2', 'v1', 'keys']) {
      for (const document of documents) modes[document] = mode;
    },
    sign: (claims, options = {}) => signToken(claims, options.key ?? currentKey, options),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

async function signToken(
  claims: Readonly<Record<string, unknown>>,
  key: TestKey,
  options: SignOptions,
): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const header: JWTHeaderParameters = {
    ...withoutUndefined({ typ: 'JWT', kid: key.kid, ...options.header }),
    alg,
  };
  if (alg === 'none') return signRaw(header, claims, () => Buffer.alloc(0));
  if (alg === 'HS256') {
    const secret = options.secret ?? new Uint8Array(32);
    return new SignJWT(claims).setProtectedHeader(header).sign(secret);
  }
  // jose refuses keys under 2048 bits and unknown `crit` members, which some tests need.
  const small = (key.privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048;
  if (!small && options.raw !== true) {
    return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
  }
  return signRaw(header, claims, (input) =>
    cryptoSign(alg === 'RS512' ? 'sha512' : 'sha256', input, {
      key: key.privateKey,
      ...(alg === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {}),
    }),
  );
}

function signRaw(
  header: Record<string, unknown>,
  claims: Readonly<Record<string, unknown>>,
  signature: (input: Buffer) => Buffer,
): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${signature(Buffer.from(input)).toString('base64url')}`;
}

const b64url = (text: string): string => Buffer.from(text).toString('base64url');

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
