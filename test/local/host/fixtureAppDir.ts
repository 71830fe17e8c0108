import path from 'node:path';

import { REPO_ROOT } from '../../support/repoRoot.js';

/** The folder of a fixture app under test/fixtures/apps (never relative to the compiled test). */
export function fixtureAppDir(name: string): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', 'apps', name);
}
