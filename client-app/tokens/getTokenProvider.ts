import { createHash } from 'node:crypto';

import type { TokenSettings } from '../settings/readTokenSettings.js';
import {
  createTokenProvider,
  type TokenProvider,
  type TokenProviderDeps,
} from './createTokenProvider.js';

/**
 * One provider per distinct settings for the whole process. Functions calls activities many
 * times in one worker; a provider per call would mean a credential, an SDK cache and a token
 * request per call. Keyed by a hash of the settings, so the map holds no secret as a key.
 * The first caller's `deps` win for a given settings value.
 */
const providers = new Map<string, TokenProvider>();

/** The process-wide provider for these settings, created on first use. */
export function getTokenProvider(settings: TokenSettings, deps: TokenProviderDeps): TokenProvider {
  const key = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
  let provider = providers.get(key);
  if (provider === undefined) {
    provider = createTokenProvider(settings, deps);
    providers.set(key, provider);
  }
  return provider;
}
