import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  startIdentityProvider,
  type IdentityProviderOptions,
  type RunningIdentityProvider,
} from '../../local/identity/startIdentityProvider.js';

/**
 * Starts the local identity provider with certificates in a fresh temporary directory named
 * after `prefix`; its `stop()` also removes that directory.
 */
export async function startTestIdentityProvider(
  prefix: string,
  options: Omit<IdentityProviderOptions, 'certDir'> = {},
): Promise<RunningIdentityProvider> {
  const certDir = await mkdtemp(path.join(tmpdir(), prefix));
  const removeCertDir = () => rm(certDir, { recursive: true, force: true });
  let provider: RunningIdentityProvider;
  try {
    provider = await startIdentityProvider({ ...options, certDir });
  } catch (error) {
    await removeCertDir();
    throw error;
  }
  return {
    ...provider,
    stop: async () => {
      await provider.stop();
      await removeCertDir();
    },
  };
}
