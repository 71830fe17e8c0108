import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { loadEntryFiles } from '../../../../local/host/app/loadEntryFiles.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'entry-files-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('loadEntryFiles', () => {
  it('loads every file matching the main glob, CommonJS and .mjs, in sorted order', async () => {
    await mkdir(path.join(dir, 'dist', 'functions'), { recursive: true });
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ main: 'dist/functions/*.{js,mjs}' }),
    );
    const trace = path.join(dir, 'order.txt');
    await writeFile(
      path.join(dir, 'dist', 'functions', 'b.js'),
      `require('node:fs').appendFileSync(${JSON.stringify(trace)}, 'b.js ');`,
    );
    await writeFile(
      path.join(dir, 'dist', 'functions', 'a.mjs'),
      `import { appendFileSync } from 'node:fs'; appendFileSync(${JSON.stringify(trace)}, 'a.mjs ');`,
    );
    assert.deepEqual(await loadEntryFiles(dir), ['dist/functions/a.mjs', 'dist/functions/b.js']);
    assert.equal(await readFile(trace, 'utf8'), 'a.mjs b.js ');
  });

  it('fails naming package.json when main is missing or matches nothing', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x' }));
    await assert.rejects(loadEntryFiles(dir), {
      code: 'ERR_HOST_APP_LOAD',
      message: `${path.join(dir, 'package.json')} must exist and name the entry files in "main" (a path or glob, e.g. "dist/src/functions/*.js").`,
    });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ main: 'out/*.js' }));
    await assert.rejects(loadEntryFiles(dir), {
      code: 'ERR_HOST_APP_LOAD',
      message: `No files match "main": "out/*.js" in ${path.join(dir, 'package.json')} (relative to ${dir}); build the app first?`,
    });
  });
});
