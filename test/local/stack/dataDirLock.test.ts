import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { LOCK_FILE, lockDataDir } from '../../../local/stack/dataDirLock.js';
import { StackError } from '../../../local/stack/StackError.js';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'orders-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the pid into the data dir and removes it on release', () => {
    const lock = lockDataDir(dir);
    assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`);
    lock.release();
    assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
  });

  it('refuses while the owner lives, naming its pid and the fix', () => {
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(path.join(dir, LOCK_FILE), `${process.ppid}\n`);
    assert.throws(
      () => lockDataDir(dir),
      (error) =>
        error instanceof StackError &&
        error.code === 'ERR_DATA_DIR_IN_USE' &&
        error.message.includes(`(pid ${process.ppid})`) &&
        error.fix.includes('--data-dir'),
    );
    assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8'), `${process.ppid}\n`);
  });

  it('takes over a lock left by a process that is gone (kill -9)', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(path.join(dir, LOCK_FILE), `${gone.stdout.toString()}\n`);
    const lock = lockDataDir(dir);
    assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`);
    lock.release();
  });

  it('release leaves a lock another process has taken alone', () => {
    const lock = lockDataDir(dir);
    writeFileSync(path.join(dir, LOCK_FILE), `${process.ppid}\n`);
    lock.release();
    assert.equal(existsSync(path.join(dir, LOCK_FILE)), true);
  });
});
