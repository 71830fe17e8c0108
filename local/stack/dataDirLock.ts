import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { StackError } from './StackError.js';

/** The lock's name in the data directory; it holds the owning `npm start`'s pid. */
export const LOCK_FILE = 'stack.lock';

export interface DataDirLock {
  /** Removes the lock if it is still ours. */
  release(): void;
}

/**
 * Claims `dataDir` for this process, so two stacks never share one Azurite store (the second one's
 * Azurite would overwrite the first one's data). A lock left by a process that is gone (kill -9)
 * is taken over.
 *
 * @throws {StackError} `ERR_DATA_DIR_IN_USE` naming the live owner and the fix.
 */
export function lockDataDir(dataDir: string, pid = process.pid): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  // Two tries: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // `wx`: create only; the atomic step that makes one of two racing stacks the owner.
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      return {
        release: () => {
          if (readOwner(file) === pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (owner !== undefined && owner !== pid && isAlive(owner)) {
      throw new StackError(
        'ERR_DATA_DIR_IN_USE',
        `the data directory ${dataDir} is in use by another npm start (pid ${owner})`,
        `stop that one (Ctrl-C there, or kill ${owner}), or give this one its own with --data-dir <folder>`,
      );
    }
    rmSync(file, { force: true });
  }
  throw new StackError(
    'ERR_DATA_DIR_IN_USE',
    `could not lock the data directory ${dataDir} (${file} keeps reappearing)`,
    'make sure only one npm start uses it, then try again',
  );
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
