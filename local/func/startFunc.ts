/**
 * `npm run start:func -- <server|client> [more func start options]`: runs one of the two apps on
 * Azure Functions Core Tools (`func start`) for people who have it, with that app's settings from
 * `<role>-app/local.settings.json` (or its sample). Start Azurite first (`npx azurite`), and the
 * local identity provider (`npm run identity`) or real Entra settings.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { prepareFuncApp } from './prepareFuncApp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const [role, ...funcArgs] = process.argv.slice(2);
if (role !== 'server' && role !== 'client') {
  console.error('✗ Say which app to start. Fix: npm run start:func -- server (or client).');
  process.exit(2);
}
if (spawnSync('func', ['--version'], { stdio: 'ignore' }).error) {
  console.error(
    '✗ Azure Functions Core Tools (func) is not installed. Fix: install it (https://learn.microsoft.com/azure/azure-functions/functions-run-local), or use "npm start", which runs both apps on the project\'s local host.',
  );
  process.exit(1);
}
let app;
try {
  app = prepareFuncApp(root, role);
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}.`);
  process.exit(1);
}
console.log(
  `Starting the ${role} app with func start in ${path.relative(root, app.dir)} (settings from ${app.settingsSource})`,
);
const child = spawn('func', ['start', '--port', String(app.port), ...funcArgs], {
  cwd: app.dir,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
