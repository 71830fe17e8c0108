import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { followSyncRuns, isAnotherRun } from '../../../local/stack/followSyncRuns.js';
import type { InstanceStatus } from '../../../local/stack/watchSyncRun.js';

const SECOND = '2026-12-02T10:00:00Z';
const finished = (runId: string, createdTime = SECOND): InstanceStatus => ({
  runtimeStatus: 'Completed',
  createdTime,
  output: { runId },
});
const running = (runId: string, createdTime = SECOND): InstanceStatus => ({
  runtimeStatus: 'Running',
  createdTime,
  customStatus: { runId },
});

describe('isAnotherRun', () => {
  it('tells runs apart by createdTime, and within one second by whether and how they ended', () => {
    assert.equal(isAnotherRun(finished('r1'), finished('r1')), false, 'the run reported');
    assert.equal(isAnotherRun(finished('r2', '2026-12-02T10:00:01Z'), finished('r1')), true);
    assert.equal(isAnotherRun(running('r2'), finished('r1')), true, 'going after one that ended');
    assert.equal(isAnotherRun(finished('r2'), finished('r1')), true, 'another run id');
    assert.equal(isAnotherRun(running('r2'), running('r2')), false, 'the run being followed');
    assert.equal(isAnotherRun(finished('r2'), running('r2')), false, 'its own end');
  });
});

describe('followSyncRuns', () => {
  let server: Server;
  let origin: string;
  let serve: () => InstanceStatus;
  let polls = 0;
  before(async () => {
    server = createServer((_request, response) => {
      polls += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(serve()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports a run started within the second the reported one was, once', async () => {
    const reported = finished('r1');
    serve = () => running('r2');
    const started: InstanceStatus[] = [];
    const ended: InstanceStatus[] = [];
    const lifetime = new AbortController();
    let pollsAfterEnd = Infinity;
    const following = followSyncRuns({
      clientUrl: origin,
      instanceId: 'orders-sync',
      reported,
      watchRun: () => {
        serve = () => finished('r2');
        return Promise.resolve(finished('r2'));
      },
      onRunStarted: (status) => started.push(status),
      onRunFinished: (status) => {
        ended.push(status);
        pollsAfterEnd = polls + 3;
      },
      onWatchError: (error) => assert.fail(String(error)),
      signal: lifetime.signal,
      pollMs: 1,
    });
    // A few more polls of the finished run must report nothing new; a run never seen to start
    // is given up on after a few hundred polls.
    while (polls < Math.min(pollsAfterEnd, 300)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    lifetime.abort();
    await following;
    assert.deepEqual(
      started.map((s) => s.customStatus),
      [{ runId: 'r2' }],
    );
    assert.deepEqual(
      ended.map((s) => s.output),
      [{ runId: 'r2' }],
    );
  });
});
