import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  fromAzureAccessToken,
  toAzureRetryOptions,
} from '../../../client-app/tokens/fromAzureAccessToken.js';

describe('fromAzureAccessToken', () => {
  it('keeps the expiry and the refresh point, as not from a cache of ours', () => {
    assert.deepEqual(
      fromAzureAccessToken({
        token: 'opaque',
        expiresOnTimestamp: 2_000,
        refreshAfterTimestamp: 1_000,
        tokenType: 'Bearer',
      }),
      { token: 'opaque', expiresOn: 2_000, refreshOn: 1_000, fromCache: false },
    );
  });

  it('leaves out the refresh point when the SDK gives none', () => {
    assert.deepEqual(fromAzureAccessToken({ token: 'opaque', expiresOnTimestamp: 2_000 }), {
      token: 'opaque',
      expiresOn: 2_000,
      fromCache: false,
    });
  });
});

describe('toAzureRetryOptions', () => {
  it('maps retries and delays to the SDK option names', () => {
    assert.deepEqual(
      toAzureRetryOptions({ retries: 3, minDelayMs: 100, maxDelayMs: 800, maxRetryAfterMs: 5_000 }),
      {
        maxRetries: 3,
        retryDelayInMs: 100,
        maxRetryDelayInMs: 800,
      },
    );
  });
});
