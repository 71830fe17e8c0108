import type { HttpActivity } from '../EffectRunner.js';
import { runHttpActivity } from './runHttpActivity.js';
import {
  tokenSourceCredential,
  type EnvironmentCredentialSettings,
} from './tokenSourceCredential.js';

/**
 * The host's `BuiltIn::HttpActivity`: global `fetch`, token sources resolved from the app's
 * settings as DefaultAzureCredential resolves them (see {@link tokenSourceCredential}).
 */
export function createHttpActivity(
  settings: EnvironmentCredentialSettings,
  fetchFn: typeof fetch = fetch,
): HttpActivity {
  const deps = { fetch: fetchFn, token: tokenSourceCredential(settings, fetchFn) };
  return (inputText) => runHttpActivity(inputText, deps);
}
