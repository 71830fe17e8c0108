/**
 * The entry file the Functions host loads (package.json `main`). One artifact serves both Function
 * Apps: the `ORDERS_APP` app setting decides which functions register, and an unset or unknown
 * value stops the app at startup rather than running with nothing registered.
 */
import { readAppRole } from './shared/config/readAppRole.js';

const role = readAppRole(process.env);
if (role === 'server') {
  const { registerServerApp } = await import('./server-app/registerServerApp.js');
  registerServerApp(process.env);
} else {
  const { registerClientApp } = await import('./client-app/registerClientApp.js');
  registerClientApp(process.env);
}
