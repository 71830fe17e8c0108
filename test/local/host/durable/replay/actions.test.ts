import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ActionType,
  actionInputText,
  flattenActions,
} from '../../../../../local/host/durable/replay/actions.js';

const activity = (name: string) => ({ actionType: ActionType.CallActivity, functionName: name });

describe('flattenActions', () => {
  it('expands nested WhenAll/WhenAny depth-first in order (schema V2)', () => {
    const actions = [
      [
        activity('a'),
        {
          actionType: ActionType.WhenAll,
          compoundActions: [
            activity('b'),
            { actionType: ActionType.WhenAny, compoundActions: [activity('c'), activity('d')] },
          ],
        },
        activity('e'),
      ],
    ];
    assert.deepEqual(
      flattenActions(actions).map((a) => a.functionName),
      ['a', 'b', 'c', 'd', 'e'],
    );
  });

  it('concatenates one list per yield (schema V1)', () => {
    assert.deepEqual(
      flattenActions([[activity('a')], [activity('b'), activity('c')]]).map((a) => a.functionName),
      ['a', 'b', 'c'],
    );
  });
});

describe('actionInputText', () => {
  it('keeps string inputs, which the SDK already JSON-encoded, unless the input is raw', () => {
    assert.equal(actionInputText({ actionType: 0, input: '"x"' }, false), '"x"');
    assert.equal(actionInputText({ actionType: 2, input: 'x' }, true), '"x"');
    assert.equal(actionInputText({ actionType: 0, input: { a: 1 } }, false), '{"a":1}');
    assert.equal(actionInputText({ actionType: 0 }, false), undefined);
  });
});
