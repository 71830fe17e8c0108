import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchBlobPath, splitBlobPath } from '../../../../local/host/bindings/matchBlobPath.js';

describe('matchBlobPath', () => {
  it('captures the names of a pattern', () => {
    assert.deepEqual(matchBlobPath('{name}.txt', 'a.txt'), { name: 'a' });
    assert.deepEqual(matchBlobPath('in/{year}/{name}.{ext}', 'in/2026/report.final.csv'), {
      year: '2026',
      name: 'report',
      ext: 'final.csv',
    });
  });

  it('lets a name span folders', () => {
    assert.deepEqual(matchBlobPath('{name}', 'deep/er/file.bin'), { name: 'deep/er/file.bin' });
  });

  it('answers undefined for a blob the pattern does not match', () => {
    assert.equal(matchBlobPath('{name}.txt', 'c.bin'), undefined);
    assert.equal(matchBlobPath('in/{name}', 'out/x'), undefined);
  });

  it('reads {{ and }} as literal braces and regex characters literally', () => {
    assert.deepEqual(matchBlobPath('{{x}}-{name}.(1)', '{x}-a.(1)'), { name: 'a' });
    assert.equal(matchBlobPath('{name}.txt', 'aXtxt'), undefined);
  });
});

describe('splitBlobPath', () => {
  it('splits the container from the blob part', () => {
    assert.deepEqual(splitBlobPath('backups/css/site.css'), {
      container: 'backups',
      blob: 'css/site.css',
    });
    assert.deepEqual(splitBlobPath('/uploads'), { container: 'uploads', blob: '' });
  });
});
