import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { ConfigurationError } from '../../shared/config/ConfigurationError.js';
import { TOKEN_SETTING_NAMES } from '../settings/readTokenSettings.js';

/** A certificate credential as MSAL takes it. */
export interface ClientCertificate {
  /** PKCS#8 PEM of the private key. */
  readonly privateKey: string;
  /** Hex SHA-256 thumbprint of the leaf certificate. */
  readonly thumbprintSha256: string;
  /** The certificate PEM blocks (leaf first), sent as `x5c`. */
  readonly chain: string;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY =
  /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads AZURE_CLIENT_CERTIFICATE_PATH: one PEM file with the private key and the certificate
 * (the format Azure SDKs use), at startup.
 *
 * @throws {ConfigurationError} naming the setting when the file is unreadable or lacks either part.
 */
export function readClientCertificate(path: string): ClientCertificate {
  const setting = TOKEN_SETTING_NAMES.certificatePath;
  const fail = (problem: string): never => {
    throw new ConfigurationError([{ setting, problem }]);
  };
  let pem = '';
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    fail(`cannot read ${path}`);
  }
  const certificates = pem.match(CERTIFICATE) ?? [];
  const keyPem = PRIVATE_KEY.exec(pem)?.[0];
  const [leaf] = certificates;
  if (leaf === undefined || keyPem === undefined) {
    return fail(`${path} must hold both the private key and the certificate as PEM blocks`);
  }
  let privateKey = '';
  try {
    // MSAL signs with a PKCS#8 key; convert PKCS#1 ("RSA PRIVATE KEY") files.
    privateKey = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    fail(`${path} holds a private key that cannot be read (encrypted keys are not supported)`);
  }
  return {
    privateKey,
    thumbprintSha256: createHash('sha256').update(new X509Certificate(leaf).raw).digest('hex'),
    chain: certificates.join('\n'),
  };
}
