import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

import { readProcessCpuMs } from '../../../bench/support/processStats.js';

describe('readProcessCpuMs', { skip: !existsSync('/proc/self/stat') && 'no /proc here' }, () => {
  it("counts this process's CPU time as it spends it", () => {
    const before = readProcessCpuMs(process.pid);
    assert.ok(before !== undefined && before >= 0);
    // Spend 100 ms of CPU (not of wall time, so a busy machine only makes it take longer).
    const start = process.cpuUsage();
    let spin = 0;
    while (cpuMsSince(start) < 100) spin += 1;
    const after = readProcessCpuMs(process.pid);
    assert.ok(spin > 0 && after !== undefined);
    // /proc counts in 10 ms steps: at least 100 ms less a step at each end.
    assert.ok(after - before >= 80, `${after - before} ms counted`);
  });

  it('answers undefined for a process that does not exist', () => {
    assert.equal(readProcessCpuMs(2 ** 30), undefined);
  });
});

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
