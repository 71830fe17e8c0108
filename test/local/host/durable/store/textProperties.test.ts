import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  chunkByJsonSize,
  MAX_ENTITY_TEXT,
  packText,
  unpackText,
} from '../../../../../local/host/durable/store/textProperties.js';

describe('packText', () => {
  it('splits text into 30,000-character properties', () => {
    const text = 'x'.repeat(65_000);
    const props = packText(text);
    assert.equal(props['Parts'], 3);
    assert.equal((props['D0'] as string).length, 30_000);
    assert.equal(unpackText(props), text);
    assert.deepEqual(packText(''), { D0: '', Parts: 1 });
  });

  it('refuses payloads past the entity limit', () => {
    assert.throws(() => packText('x'.repeat(MAX_ENTITY_TEXT + 1)), {
      name: 'RangeError',
      message: `A durable payload of ${MAX_ENTITY_TEXT + 1} characters exceeds the local store's ${MAX_ENTITY_TEXT}-character entity limit; keep orchestration inputs and outputs small (pass blob references).`,
    });
  });
});

describe('unpackText', () => {
  it('reads an entity without parts as empty', () => {
    assert.equal(unpackText({}), '');
  });
});

describe('chunkByJsonSize', () => {
  it('groups items so each chunk stays under the entity limit', () => {
    const item = 'y'.repeat(150_000);
    assert.deepEqual(
      chunkByJsonSize([item, item, item]).map((c) => c.length),
      [2, 1],
    );
    assert.deepEqual(chunkByJsonSize([]), []);
  });
});
