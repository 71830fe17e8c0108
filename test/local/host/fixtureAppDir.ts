import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the first folder above this file holding a package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('No package.json above the test file');
    dir = parent;
  }
  return dir;
}

/** The folder of a fixture app under test/fixtures/apps (never relative to the compiled test). */
export function fixtureAppDir(name: string): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'apps', name);
}
