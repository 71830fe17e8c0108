import { X509Certificate, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { importPKCS8 } from 'jose';

import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';

/** What a client needs to sign a certificate assertion (PS256) the provider accepts. */
export interface ClientAssertionKey {
  readonly key: Awaited<ReturnType<typeof importPKCS8>>;
  /** The certificate's SHA-256 thumbprint, base64url, for the `x5t#S256` header. */
  readonly x5tS256: string;
}

/** Reads the private key and certificate the provider generated for `clientId` (one PEM file). */
export async function readClientAssertionKey(
  provider: RunningIdentityProvider,
  clientId: string,
): Promise<ClientAssertionKey> {
  const pem = await readFile(provider.clientCertificatePaths.get(clientId) ?? '', 'utf8');
  const certificate = new X509Certificate(pem);
  const key = await importPKCS8(
    /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0] ?? '',
    'PS256',
  );
  return { key, x5tS256: createHash('sha256').update(certificate.raw).digest('base64url') };
}
