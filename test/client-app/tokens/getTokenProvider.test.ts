import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { TokenSettings } from '../../../client-app/settings/readTokenSettings.js';
import { getTokenProvider } from '../../../client-app/tokens/getTokenProvider.js';
import { silentLogger } from '../../../shared/logging/Logger.js';

const settings: TokenSettings = {
  mode: 'client-secret',
  scope: 'api://27991dac-f89f-4062-8147-2c3296fcdd42/.default',
  tenantId: 'd06a47d6-28da-4cfb-b94e-b85a694580a3',
  clientId: 'bb845956-d451-4a24-af98-0439e4b08673',
  authorityHost: 'https://127.0.0.1:1',
  clientSecret: 'local-only-fake',
};

describe('getTokenProvider', () => {
  it('returns one provider per distinct settings for the whole process', () => {
    const first = getTokenProvider(settings, { logger: silentLogger });
    assert.equal(getTokenProvider({ ...settings }, { logger: silentLogger }), first);
    const other = getTokenProvider(
      { ...settings, clientSecret: 'another' },
      { logger: silentLogger },
    );
    assert.notEqual(other, first);
  });
});
