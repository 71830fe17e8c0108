import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { readServerSettings } from '../../server-app/settings.js';
import { readAppRole } from '../../shared/config/readAppRole.js';
import { REPO_ROOT } from '../support/repoRoot.js';

describe('server-app/local.settings.sample.json', () => {
  it('holds valid server settings for the local identity provider and Azurite', () => {
    const sample = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'server-app', 'local.settings.sample.json'), 'utf8'),
    ) as { Values: Record<string, string> };
    assert.equal(readAppRole(sample.Values), 'server');
    const settings = readServerSettings(sample.Values);
    assert.equal(settings.authorityHost, 'https://127.0.0.1:8443');
    assert.deepEqual(settings.storage, {
      kind: 'connectionString',
      name: 'ORDERS_STORAGE',
      connectionString: 'UseDevelopmentStorage=true',
    });
  });
});
