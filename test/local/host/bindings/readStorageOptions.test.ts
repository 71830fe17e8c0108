import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readStorageOptions } from '../../../../local/host/bindings/readStorageOptions.js';

describe('readStorageOptions', () => {
  it("applies the storage extension's defaults", () => {
    assert.deepEqual(readStorageOptions({ queues: {}, blobs: {} }), {
      queues: {
        maxDequeueCount: 5,
        maxPollingIntervalMs: 60_000,
        visibilityTimeoutMs: 0,
        batchSize: 16,
        messageEncoding: 'base64',
      },
      blobs: { poisonBlobThreshold: 5 },
    });
  });

  it('reads time spans, case-insensitive keys and string numbers (AzureFunctionsJobHost__ overrides)', () => {
    assert.deepEqual(
      readStorageOptions({
        queues: {
          MaxDequeueCount: '3',
          maxPollingInterval: '00:00:02.5',
          visibilityTimeout: '1.00:00:10',
          batchSize: 4,
          messageEncoding: 'None',
        },
        blobs: { poisonBlobThreshold: 2 },
      }),
      {
        queues: {
          maxDequeueCount: 3,
          maxPollingIntervalMs: 2_500,
          visibilityTimeoutMs: 86_410_000,
          batchSize: 4,
          messageEncoding: 'none',
        },
        blobs: { poisonBlobThreshold: 2 },
      },
    );
  });

  it('names the bad key', () => {
    assert.throws(() => readStorageOptions({ queues: { maxPollingInterval: '2s' }, blobs: {} }), {
      code: 'ERR_HOST_APP_LOAD',
      message:
        'host.json: extensions.queues.maxPollingInterval "2s" is not a time span like 00:00:02.',
    });
  });
});
