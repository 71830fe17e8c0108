import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  decodeContinuationToken,
  encodeContinuationToken,
  type PageBinding,
} from '../../../server-app/orders/continuationToken.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';

const SDK_TOKEN = Buffer.from(
  JSON.stringify({ nextPartitionKey: 'emea', nextRowKey: '01KRM12TEJ6T7VXJZTGWTF89ZP' }),
).toString('base64');
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
  Buffer.from(JSON.stringify({ v: 1, p: 'emea', s: null, c: SDK_TOKEN, ...fields })).toString(
    'base64url',
  );

describe('encodeContinuationToken', () => {
  it('wraps the SDK token in a versioned base64url envelope bound to the query', () => {
    const token = encodeContinuationToken(EMEA_SINCE, SDK_TOKEN);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(JSON.parse(Buffer.from(token, 'base64url').toString()), {
      v: 1,
      p: 'emea',
      s: '2026-05-01T00:00:00.000Z',
      c: SDK_TOKEN,
    });
  });
});

describe('decodeContinuationToken', () => {
  it('returns the SDK token for the query it was issued for', () => {
    assert.equal(
      decodeContinuationToken(encodeContinuationToken(EMEA, SDK_TOKEN), EMEA),
      SDK_TOKEN,
    );
    assert.equal(
      decodeContinuationToken(encodeContinuationToken(EMEA_SINCE, SDK_TOKEN), EMEA_SINCE),
      SDK_TOKEN,
    );
  });

  it('says precisely why a token is refused', () => {
    const cases: [string, string, PageBinding][] = [
      ['a+b', 'is not a token this API issued (not base64url, or too long)', EMEA],
      ['A'.repeat(2049), 'is not a token this API issued (not base64url, or too long)', EMEA],
      [Buffer.from('[1]').toString('base64url'), 'is not a token this API issued', EMEA],
      [envelope({ v: 0 }), 'has an unsupported version; restart paging without a token', EMEA],
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
