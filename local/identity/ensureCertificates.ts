import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { generate } from 'selfsigned';

/** A certificate registered on a client app, as the token endpoint checks assertions against it. */
export interface RegisteredCertificate {
  /** PEM file holding the private key and the certificate (AZURE_CLIENT_CERTIFICATE_PATH). */
  readonly path: string;
  /** Base64url SHA-256 thumbprint, as MSAL puts it in the `x5t#S256` header. */
  readonly x5tS256: string;
  /** Base64url SHA-1 thumbprint (`x5t`), still accepted by Entra. */
  readonly x5t: string;
  readonly publicKey: KeyObject;
}

/** Files the provider serves TLS with; `certPath` is what NODE_EXTRA_CA_CERTS must name. */
export interface TlsFiles {
  readonly certPath: string;
  readonly cert: string;
  readonly key: string;
}

const RENEW_BEFORE_MS = 24 * 3600 * 1000;

/**
 * Loads the provider's TLS certificate from `certDir`, generating a self-signed one for
 * localhost/127.0.0.1/::1 when missing or about to expire. Reusing it across starts keeps a
 * NODE_EXTRA_CA_CERTS set by an earlier shell valid.
 */
export async function ensureTlsCertificate(certDir: string): Promise<TlsFiles> {
  const certPath = path.join(certDir, 'identity-tls-cert.pem');
  const keyPath = path.join(certDir, 'identity-tls-key.pem');
  const existing = await readUsable(certPath, keyPath);
  if (existing) return { certPath, ...existing };

  const pems = await generate([{ name: 'commonName', value: 'orders-daemon local identity' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await mkdir(certDir, { recursive: true });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert);
  return { certPath, cert: pems.cert, key: pems.private };
}

/**
 * Loads (or generates) the certificate credential of one client app: a PEM holding both the
 * private key and the certificate, the format AZURE_CLIENT_CERTIFICATE_PATH expects.
 */
export async function ensureClientCertificate(
  certDir: string,
  clientId: string,
  displayName: string,
): Promise<RegisteredCertificate> {
  const pemPath = path.join(certDir, `client-${clientId}.pem`);
  let pem = await readFile(pemPath, 'utf8').catch(() => undefined);
  if (pem === undefined || !isUsable(pem)) {
    const pems = await generate([{ name: 'commonName', value: displayName }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    });
    pem = `${pems.private.trim()}\n${pems.cert.trim()}\n`;
    await mkdir(certDir, { recursive: true });
    await writeFile(pemPath, pem, { mode: 0o600 });
  }
  const certificate = new X509Certificate(pem);
  return {
    path: pemPath,
    x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
    publicKey: certificate.publicKey,
  };
}

async function readUsable(
  certPath: string,
  keyPath: string,
): Promise<{ cert: string; key: string } | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return isUsable(cert) ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

function isUsable(pem: string): boolean {
  try {
    return Date.parse(new X509Certificate(pem).validTo) - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}
