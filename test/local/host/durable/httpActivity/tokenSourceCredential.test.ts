/**
 * A ManagedIdentityTokenSource is answered by DefaultAzureCredential in the extension
 * (azure-functions-durable-extension, ManagedIdentityTokenSource.GetTokenAsync): with the
 * environment credential's settings (here the stack's client-certificate settings), the token is
 * the app registration's, from the identity provider's token endpoint. The host runs in its own
 * process so that NODE_EXTRA_CA_CERTS (the local issuer's CA) applies from its start.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import type { RunningIdentityProvider } from '../../../../../local/identity/startIdentityProvider.js';
import { API, DAEMON } from '../../../../support/localTenant.js';
import { startHostProcess, type HostProcess } from '../../../../support/startHostProcess.js';
import { startTestIdentityProvider } from '../../../../support/startTestIdentityProvider.js';
import { fixtureAppDir } from '../../fixtureAppDir.js';

describe('tokenSourceCredential (through a host process): the environment credential', () => {
  let idp: RunningIdentityProvider;
  let host: HostProcess;
  let service: http.Server;
  let serviceUrl: string;

  before(async () => {
    idp = await startTestIdentityProvider('token-source-');
    service = http.createServer((req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const claims = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}',
      ) as { aud?: string; appid?: string };
      res.end(JSON.stringify({ aud: claims.aud, appid: claims.appid }));
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    host = await startHostProcess({
      appDir: fixtureAppDir('callhttp-app'),
      port: 0,
      memory: true,
      env: {
        AZURE_TENANT_ID: idp.tenantId,
        AZURE_CLIENT_ID: DAEMON,
        AZURE_CLIENT_CERTIFICATE_PATH: idp.clientCertificatePaths.get(DAEMON) ?? '',
        AZURE_AUTHORITY_HOST: idp.authorityHost,
        NODE_EXTRA_CA_CERTS: idp.caCertPath,
        IDENTITY_ENDPOINT: idp.identityEndpoint,
        IDENTITY_HEADER: idp.identityHeader,
      },
    });
  });
  after(async () => {
    await host.stop();
    await new Promise((resolve) => service.close(resolve));
    await idp.stop();
  });

  it('uses the app registration from AZURE_CLIENT_ID and its certificate, before the managed identity', async () => {
    const started = await fetch(`${host.url}/api/start`, {
      method: 'POST',
      body: JSON.stringify({ url: `${serviceUrl}/whoami`, resource: `api://${API}/.default` }),
    });
    assert.equal(started.status, 202);
    const { statusQueryGetUri } = (await started.json()) as { statusQueryGetUri: string };
    let status: { runtimeStatus: string; output: { content?: string; failed?: string } };
    for (;;) {
      const response = await fetch(statusQueryGetUri);
      status = (await response.json()) as typeof status;
      if (response.status === 200) break;
      await sleep(100);
    }
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.deepEqual(JSON.parse(status.output.content ?? JSON.stringify(status.output)), {
      aud: `api://${API}`,
      appid: DAEMON,
    });
  });
});
