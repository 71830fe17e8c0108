import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  decodeContinuationToken,
  encodeContinuationToken,
  type PageBinding,
} from '../../../server-app/orders/continuationToken.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';

const sdkToken = (keys: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(keys)).toString('base64');
const SDK_TOKEN = sdkToken({ nextPartitionKey: 'emea', nextRowKey: '01KRM12TEJ6T7VXJZTGWTF89ZP' });
const STARTED = '2026-12-02T05:00:00.123Z';
const AT = { tableToken: SDK_TOKEN, watermark: STARTED };
const EMEA: PageBinding = { partition: 'emea', since: null };
const EMEA_SINCE: PageBinding = { partition: 'emea', since: '2026-05-01T00:00:00.000Z' };

function reason(token: string, binding: PageBinding = EMEA): string {
  try {
    decodeContinuationToken(token, binding);
  } catch (error) {
    assert.ok(error instanceof InvalidContinuationTokenError);
    assert.equal(error.code, 'ERR_INVALID_CONTINUATION_TOKEN');
    return error.message;
  }
  return assert.fail('expected a rejection');
}

const envelope = (fields: Record<string, unknown>) =>
  Buffer.from(
    JSON.stringify({ v: 2, p: 'emea', s: null, c: SDK_TOKEN, w: STARTED, ...fields }),
  ).toString('base64url');

describe('encodeContinuationToken', () => {
  it('wraps the SDK token and the watermark so far in a v2 base64url envelope bound to the query', () => {
    const token = encodeContinuationToken(EMEA_SINCE, AT);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(JSON.parse(Buffer.from(token, 'base64url').toString()), {
      v: 2,
      p: 'emea',
      s: '2026-05-01T00:00:00.000Z',
      c: SDK_TOKEN,
      w: STARTED,
    });
  });
});

describe('decodeContinuationToken', () => {
  it('returns the SDK token and the watermark for the query it was issued for', () => {
    assert.deepEqual(decodeContinuationToken(encodeContinuationToken(EMEA, AT), EMEA), AT);
    assert.deepEqual(
      decodeContinuationToken(encodeContinuationToken(EMEA_SINCE, AT), EMEA_SINCE),
      AT,
    );
  });

  it('says precisely why a token is refused', () => {
    const cases: [string, string, PageBinding][] = [
      ['a+b', 'is not a token this API issued (not base64url, or too long)', EMEA],
      ['A'.repeat(2049), 'is not a token this API issued (not base64url, or too long)', EMEA],
      [Buffer.from('[1]').toString('base64url'), 'is not a token this API issued', EMEA],
      [envelope({ v: 0 }), 'has an unsupported version; restart paging without a token', EMEA],
      [envelope({ v: 1 }), 'has an unsupported version; restart paging without a token', EMEA],
      [envelope({ w: undefined }), 'is not a token this API issued', EMEA],
      [envelope({ w: '2026-12-02T05:00:00Z' }), 'is not a token this API issued', EMEA],
      [envelope({ w: '2026-02-30T05:00:00.000Z' }), 'is not a token this API issued', EMEA],
      [
        envelope({ s: '2026-12-03T00:00:00.000Z' }),
        'is not a token this API issued',
        { partition: 'emea', since: '2026-12-03T00:00:00.000Z' },
      ],
      [
        envelope({ c: sdkToken({ nextPartitionKey: 'emea', nextRowKey: '\uD800' }) }),
        'is not a token this API issued',
        EMEA,
      ],
      [
        envelope({ c: sdkToken({ nextPartitionKey: 'x\uDC00', nextRowKey: 'a' }) }),
        'is not a token this API issued',
        EMEA,
      ],
      [envelope({ p: 7 }), 'is not a token this API issued', EMEA],
      [envelope({ c: 'not base64!' }), 'is not a token this API issued', EMEA],
      [
        envelope({ c: Buffer.from('{"nextRowKey":"x"}').toString('base64') }),
        'is not a token this API issued',
        EMEA,
      ],
      [envelope({ p: 'latam' }), 'was issued for another partition, not "emea"', EMEA],
      [envelope({}), 'was issued for a different "since"; repeat the same "since"', EMEA_SINCE],
      [
        envelope({ s: '2026-05-01T00:00:00.000Z' }),
        'was issued for a query with "since"; repeat the same "since"',
        EMEA,
      ],
    ];
    for (const [token, why, binding] of cases) {
      assert.equal(reason(token, binding), `"continuationToken" ${why}`, why);
    }
  });
});
