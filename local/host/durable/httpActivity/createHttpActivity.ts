import type { HttpActivity } from '../EffectRunner.js';
import { runHttpActivity } from './runHttpActivity.js';
import { sendHttp } from './sendHttp.js';
import {
  tokenSourceCredential,
  type EnvironmentCredentialSettings,
} from './tokenSourceCredential.js';

/**
 * The host's `BuiltIn::HttpActivity`: requests sent by {@link sendHttp}, token sources resolved from the app's
 * settings as DefaultAzureCredential resolves them (see {@link tokenSourceCredential}).
 */
export function createHttpActivity(
  settings: EnvironmentCredentialSettings,
  /** Used for the managed identity endpoint. */
  fetchFn: typeof fetch = fetch,
): HttpActivity {
  const deps = { send: sendHttp, token: tokenSourceCredential(settings, fetchFn) };
  return (inputText) => runHttpActivity(inputText, deps);
}
