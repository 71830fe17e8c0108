import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ActionType } from '../../../../../local/host/durable/replay/actions.js';
import {
  actionsFingerprint,
  assertSameActions,
  NonDeterminismError,
} from '../../../../../local/host/durable/replay/assertSameActions.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';

const call = (name: string) => ({ actionType: ActionType.CallActivity, functionName: name });

describe('actionsFingerprint', () => {
  it('depends on the kinds and names of the first actions only', () => {
    assert.equal(
      actionsFingerprint([call('a'), call('b')], 1),
      actionsFingerprint([{ ...call('a'), input: 'other' }, call('c')], 1),
    );
    assert.notEqual(actionsFingerprint([call('a')], 1), actionsFingerprint([call('b')], 1));
  });
});

describe('assertSameActions', () => {
  const progress = {
    ...INITIAL_PROGRESS,
    leafCount: 1,
    leafHash: actionsFingerprint([call('a')], 1),
  };

  it('accepts a replay that reproduces earlier actions and adds new ones', () => {
    assertSameActions([call('a'), call('b')], progress);
    assertSameActions([], INITIAL_PROGRESS);
  });

  it('rejects a replay that scheduled something else, or less', () => {
    for (const leaves of [[call('b')], []]) {
      assert.throws(
        () => assertSameActions(leaves, progress),
        (error: unknown) =>
          error instanceof NonDeterminismError &&
          error.code === 'ERR_DURABLE_NONDETERMINISTIC' &&
          error.message.startsWith(
            'Non-deterministic workflow detected: on replay the orchestrator did not schedule the same 1 activities',
          ),
      );
    }
  });
});
