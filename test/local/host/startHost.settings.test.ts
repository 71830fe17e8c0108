/**
 * The worker starts with local.settings.json in its environment, as under Core Tools (which
 * starts the Node worker with the app settings as its environment): settings Node itself reads
 * at process start take effect, and `Host.LocalHttpPort` is the port when none is given.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ensureTlsCertificate } from '../../../local/identity/ensureCertificates.js';
import { startHost, type RunningHost } from '../../../local/host/startHost.js';
import { REPO_ROOT } from '../../support/repoRoot.js';
import { captureLog } from './captureLog.js';
import { fixtureAppDir } from './fixtureAppDir.js';

async function freePort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('startHost: the worker environment at process start', () => {
  let appDir: string;
  let tls: Server;
  let tlsUrl: string;
  let localHttpPort: number;
  let host: RunningHost | undefined;

  before(async () => {
    appDir = await mkdtemp(path.join(tmpdir(), 'start-settings-app-'));
    await cp(fixtureAppDir('start-settings-app'), appDir, { recursive: true });
    // The copy lives outside the repo; it finds @azure/functions through this link.
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
    const certificate = await ensureTlsCertificate(path.join(appDir, 'certs'));
    tls = createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) =>
      response.end('hello over TLS'),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`;
    localHttpPort = await freePort();
    await writeFile(
      path.join(appDir, 'local.settings.json'),
      JSON.stringify({
        IsEncrypted: false,
        Values: {
          FUNCTIONS_WORKER_RUNTIME: 'node',
          // Relative paths resolve from the app folder, the worker's working directory.
          NODE_EXTRA_CA_CERTS: path.join('certs', 'identity-tls-cert.pem'),
          NODE_OPTIONS: '--require ./preload.cjs',
        },
        Host: { LocalHttpPort: localHttpPort },
      }),
    );
    // The environment wins over local.settings.json (as in Core Tools), and this machine may set
    // NODE_EXTRA_CA_CERTS itself: start the host without it so the file's value applies.
    const inherited = process.env.NODE_EXTRA_CA_CERTS;
    delete process.env.NODE_EXTRA_CA_CERTS;
    try {
      host = await startHost({ appDir, log: () => {} });
    } finally {
      if (inherited !== undefined) process.env.NODE_EXTRA_CA_CERTS = inherited;
    }
  });

  after(async () => {
    await host?.stop();
    await new Promise((resolve) => tls?.close(resolve));
    await rm(appDir, { recursive: true, force: true });
  });

  it('trusts the CA that NODE_EXTRA_CA_CERTS in Values names', async () => {
    // This process was not started with that CA: the same request fails here.
    await assert.rejects(fetch(tlsUrl), (error: Error & { cause?: { code?: string } }) => {
      assert.equal(error.cause?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      return true;
    });
    const response = await fetch(`${host?.url}/api/fetch?url=${encodeURIComponent(tlsUrl)}`);
    assert.deepEqual(await response.json(), { status: 200, body: 'hello over TLS' });
  });

  it('applies NODE_OPTIONS from Values before any app code runs', async () => {
    assert.deepEqual(await (await fetch(`${host?.url}/api/startup`)).json(), { preloaded: true });
  });

  it('listens on Host.LocalHttpPort when no port is given', () => {
    assert.equal(host?.port, localHttpPort);
  });

  it('lets an explicit port win over Host.LocalHttpPort', async () => {
    const second = await startHost({ appDir, port: 0, log: () => {} });
    try {
      assert.notEqual(second.port, localHttpPort);
      assert.equal((await fetch(`${second.url}/api/startup`)).status, 200);
    } finally {
      await second.stop();
    }
  });
});

describe('startHost: FUNCTIONS_WORKER_RUNTIME', () => {
  it('refuses an app set up for another language, before starting a worker', async () => {
    const captured = captureLog();
    await assert.rejects(
      startHost({
        appDir: fixtureAppDir('http-app'),
        port: 0,
        env: { FUNCTIONS_WORKER_RUNTIME: 'python' },
        log: captured.log,
      }),
      {
        code: 'ERR_HOST_WORKER_RUNTIME',
        message:
          'FUNCTIONS_WORKER_RUNTIME is "python", but this host runs Node.js apps only: set it to "node" in local.settings.json Values (or the environment).',
      },
    );
    assert.deepEqual(captured.lines, []);
  });
});
