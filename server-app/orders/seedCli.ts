/**
 * `npm run seed` → `node dist/server-app/orders/seedCli.js [--if-empty] [--partitions N]
 * [--orders N] [--seed TEXT]`. Settings come from the environment, falling back to the `Values`
 * of server-app/local.settings.json, as `func start` would provide them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readLocalSettingsValues } from './readLocalSettingsValues.js';
import { runSeedCli } from './runSeedCli.js';

const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
const localValues = await readLocalSettingsValues(
  path.join(repoRoot, 'server-app', 'local.settings.json'),
);
const environment = Object.fromEntries(
  Object.entries(process.env).filter(([, value]) => value !== undefined && value.trim() !== ''),
);

process.exitCode = await runSeedCli({
  argv: process.argv.slice(2),
  settings: { ...localValues, ...environment },
  write: (line) => console.log(line),
});

/** The folder holding package.json: the same from server-app/ (tsx) and dist/server-app/. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}
