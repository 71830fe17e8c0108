import type { HttpActivity } from '../WorkDispatcher.js';
import {
  managedIdentityTokenSource,
  type ManagedIdentitySettings,
} from './managedIdentityToken.js';
import { runHttpActivity } from './runHttpActivity.js';

/**
 * The host's `BuiltIn::HttpActivity`: global `fetch`, token sources resolved from the app's
 * managed identity settings.
 */
export function createHttpActivity(
  settings: ManagedIdentitySettings,
  fetchFn: typeof fetch = fetch,
): HttpActivity {
  const deps = { fetch: fetchFn, token: managedIdentityTokenSource(settings, fetchFn) };
  return (inputText) => runHttpActivity(inputText, deps);
}
