/**
 * Runs every compiled test file with node's test runner. Node 20 does not expand globs in
 * `node --test` arguments and Node 22 no longer walks directories, so the files are listed here.
 * Extra arguments filter by path substring: `npm test -- server-app/auth`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { glob } from 'tinyglobby';

const testDir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
// The examples' own tests run too (dist/examples/*/test): they show the harness as its users use it.
const files = (
  await glob(['test/**/*.test.js', 'examples/*/test/**/*.test.js'], {
    cwd: path.dirname(testDir),
    absolute: true,
  })
)
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  console.error(`No test files matched ${filters.join(', ') || 'dist/test/**/*.test.js'}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
