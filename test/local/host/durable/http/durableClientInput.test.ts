import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { durableClientInput } from '../../../../../local/host/durable/http/durableClientInput.js';

describe('durableClientInput', () => {
  it('builds the binding value durable-functions expects, with rpcBaseUrl ending in a slash', () => {
    const input = durableClientInput('http://127.0.0.1:7071/', 'MyHub');
    const base = 'http://127.0.0.1:7071/runtime/webhooks/durabletask';
    assert.equal(input.taskHubName, 'MyHub');
    assert.equal(input.rpcBaseUrl, `${base}/`);
    assert.equal(input.baseUrl, base);
    assert.equal(input.requiredQueryStringParameters, '');
    assert.deepEqual(input.managementUrls, {
      id: 'INSTANCEID',
      statusQueryGetUri: `${base}/instances/INSTANCEID?taskHub=MyHub&connection=Storage`,
      sendEventPostUri: `${base}/instances/INSTANCEID/raiseEvent/{eventName}?taskHub=MyHub&connection=Storage`,
      terminatePostUri: `${base}/instances/INSTANCEID/terminate?reason={text}&taskHub=MyHub&connection=Storage`,
      rewindPostUri: `${base}/instances/INSTANCEID/rewind?reason={text}&taskHub=MyHub&connection=Storage`,
      purgeHistoryDeleteUri: `${base}/instances/INSTANCEID?taskHub=MyHub&connection=Storage`,
      restartPostUri: `${base}/instances/INSTANCEID/restart?taskHub=MyHub&connection=Storage`,
      suspendPostUri: `${base}/instances/INSTANCEID/suspend?reason={text}&taskHub=MyHub&connection=Storage`,
      resumePostUri: `${base}/instances/INSTANCEID/resume?reason={text}&taskHub=MyHub&connection=Storage`,
    });
  });
});
