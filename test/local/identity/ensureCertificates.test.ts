import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  ensureClientCertificate,
  ensureTlsCertificate,
} from '../../../local/identity/ensureCertificates.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'identity-certs-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureTlsCertificate', () => {
  it('creates a certificate for 127.0.0.1 and localhost once, then reuses it', async () => {
    const first = await ensureTlsCertificate(dir);
    const certificate = new X509Certificate(first.cert);
    assert.equal(certificate.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(certificate.checkHost('localhost'), 'localhost');
    assert.deepEqual(await ensureTlsCertificate(dir), first);
    assert.equal(await readFile(first.certPath, 'utf8'), first.cert);
  });
});

describe('ensureClientCertificate', () => {
  it('writes one PEM with key and certificate and reports its thumbprints', async () => {
    const first = await ensureClientCertificate(dir, 'client-id', 'daemon');
    const pem = await readFile(first.path, 'utf8');
    assert.match(pem, /-----BEGIN PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----/);
    assert.match(first.x5tS256, /^[A-Za-z0-9_-]{43}$/);
    assert.match(first.x5t, /^[A-Za-z0-9_-]{27}$/);
    const again = await ensureClientCertificate(dir, 'client-id', 'daemon');
    assert.deepEqual([again.path, again.x5tS256], [first.path, first.x5tS256]);
  });
});
