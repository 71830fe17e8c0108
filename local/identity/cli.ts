/**
 * Runs the local identity provider until Ctrl+C and prints the settings the apps need.
 *
 *   node dist/local/identity/cli.js [--port 8443] [--mi-port 8081] [--config path]
 *     [--resource-config path] [--cert-dir path]
 *
 * The printed lines are `KEY=value` pairs grouped per app; processes that call the https issuer
 * must start with NODE_EXTRA_CA_CERTS set (Node reads it only at startup).
 */
import { parseArgs } from 'node:util';

import { identityProviderSettings } from './identityProviderSettings.js';
import { startIdentityProvider } from './startIdentityProvider.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'mi-port': { type: 'string', default: '0' },
    config: { type: 'string' },
    'resource-config': { type: 'string' },
    'cert-dir': { type: 'string' },
  },
});

const port = (name: string, value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    console.error(`--${name} must be a port number from 0 to 65535, not "${value}"`);
    process.exit(2);
  }
  return n;
};

const provider = await startIdentityProvider({
  port: port('port', values.port),
  miPort: port('mi-port', values['mi-port']),
  ...(values.config === undefined ? {} : { configPath: values.config }),
  ...(values['resource-config'] === undefined
    ? {}
    : { resourceConfigPath: values['resource-config'] }),
  ...(values['cert-dir'] === undefined ? {} : { certDir: values['cert-dir'] }),
  log: (level, message) => console.error(`[identity] ${level}: ${message}`),
});

for (const group of identityProviderSettings(provider)) {
  console.log(`# ${group.title}`);
  for (const [name, value] of Object.entries(group.settings)) console.log(`${name}=${value}`);
  console.log('');
}

const shutdown = () => {
  void provider.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
