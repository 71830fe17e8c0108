import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The `node` arguments that preload the orphan guard (exitWhenOrphaned) into a child process.
 * `root` is the repository root; `fromSource` picks the TypeScript file for a child run by tsx.
 */
export function orphanGuardArgs(root: string, fromSource = false): string[] {
  const file = fromSource
    ? path.join(root, 'local', 'process', 'exitWhenOrphaned.ts')
    : path.join(root, 'dist', 'local', 'process', 'exitWhenOrphaned.js');
  return ['--import', pathToFileURL(file).href];
}
