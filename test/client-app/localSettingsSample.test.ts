import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { readTokenSettings } from '../../client-app/settings/readTokenSettings.js';
import { readSyncSettings } from '../../client-app/sync/syncSettings.js';
import { readAppRole } from '../../shared/config/readAppRole.js';
import { readStorageConnection } from '../../shared/storage/storageConnection.js';
import { REPO_ROOT } from '../support/repoRoot.js';

describe('client-app/local.settings.sample.json', () => {
  const sample = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'client-app', 'local.settings.sample.json'), 'utf8'),
  ) as { Values: Record<string, string>; Host: { LocalHttpPort: number } };

  it('holds valid client settings for the local identity provider and Azurite', () => {
    assert.equal(readAppRole(sample.Values), 'client');
    const sync = readSyncSettings(sample.Values);
    assert.equal(sync.apiBaseUrl, 'http://127.0.0.1:7072');
    assert.equal(sync.timerSchedule, '%ORDERS_SYNC_SCHEDULE%');
    const tokens = readTokenSettings(sample.Values);
    assert.equal(tokens.mode, 'client-certificate');
    assert.equal(readStorageConnection('ORDERS_STORAGE', sample.Values).kind, 'connectionString');
  });

  it("calls the server sample's port and asks for the server sample's audience", () => {
    const server = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'server-app', 'local.settings.sample.json'), 'utf8'),
    ) as { Values: Record<string, string>; Host: { LocalHttpPort: number } };
    assert.equal(
      sample.Values.ORDERS_API_BASE_URL,
      `http://127.0.0.1:${server.Host.LocalHttpPort}`,
    );
    assert.notEqual(sample.Host.LocalHttpPort, server.Host.LocalHttpPort);
    assert.equal(
      sample.Values.ORDERS_API_SCOPE,
      `api://${server.Values.ORDERS_API_CLIENT_ID}/.default`,
    );
    assert.equal(sample.Values.AZURE_TENANT_ID, server.Values.AZURE_TENANT_ID);
  });
});
