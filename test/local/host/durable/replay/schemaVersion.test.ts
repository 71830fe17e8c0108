import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildTriggerInput } from '../../../../../local/host/durable/replay/buildTriggerInput.js';

describe('replay schema versions', () => {
  it('sends the schema versions the extension sends (upperSchemaVersion V2=1, upperSchemaVersionNew V3=2)', () => {
    // OrchestrationTriggerAttributeBindingProvider.OrchestrationContextToString sends
    // SchemaVersion.V2 and SchemaVersion.V3 (OutOfProcOrchestrationShim: Original=0, V2=1, V3=2).
    const input = buildTriggerInput('i', undefined, undefined, []);
    assert.equal(input.upperSchemaVersion, 1);
    assert.equal(input.upperSchemaVersionNew, 2);
    assert.equal(input.maximumShortTimerDuration, '6.00:00:00');
    assert.equal(input.longRunningTimerIntervalDuration, '3.00:00:00');
  });
});
