import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  startIdentityProvider,
  type IdentityProviderOptions,
  type RunningIdentityProvider,
} from '../../local/identity/startIdentityProvider.js';

type TestProviderOptions = Omit<IdentityProviderOptions, 'certDir'>;

/**
 * Starts the local identity provider with certificates in a fresh temporary directory named
 * after `prefix`; its `stop()` also removes that directory. `options` may be a function of that
 * directory (e.g. `writeCrossTenantFixture`, which writes tenant files there first).
 */
export async function startTestIdentityProvider(
  prefix: string,
  options: TestProviderOptions | ((certDir: string) => Promise<TestProviderOptions>) = {},
): Promise<RunningIdentityProvider> {
  const certDir = await mkdtemp(path.join(tmpdir(), prefix));
  const removeCertDir = () => rm(certDir, { recursive: true, force: true });
  let provider: RunningIdentityProvider;
  try {
    const resolved = typeof options === 'function' ? await options(certDir) : options;
    provider = await startIdentityProvider({ ...resolved, certDir });
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
