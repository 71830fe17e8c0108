/**
 * `npm run seed` → `node dist/server-app/orders/seedCli.js [--if-empty] [--partitions N]
 * [--orders N] [--seed TEXT] | --touch N [--partitions N] | --reindex` (see SEED_USAGE). Settings come from the environment, falling back to the `Values`
 * of server-app/local.settings.json, as `func start` would provide them.
 */
import path from 'node:path';

import { findRepoRoot } from '../../shared/findRepoRoot.js';
import { readLocalSettingsValues } from './readLocalSettingsValues.js';
import { runSeedCli } from './runSeedCli.js';

const repoRoot = findRepoRoot(import.meta.url);
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
