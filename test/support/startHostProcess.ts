/**
 * The local Functions host CLI in a child process, for suites that need an app in its own process
 * (one app per process) or test signals and exit codes: local/host/spawnHostProcess.ts, plus the
 * host's output kept in memory for assertions.
 */
import { fileURLToPath } from 'node:url';

import {
  spawnHostProcess,
  type HostProcess as SpawnedHostProcess,
  type SpawnHostOptions,
} from '../../local/host/spawnHostProcess.js';

export { HostProcessStartError } from '../../local/host/spawnHostProcess.js';

export type HostProcessOptions = Omit<SpawnHostOptions, 'fromSource' | 'onLine'>;

export interface HostProcess extends SpawnedHostProcess {
  /** Every stdout/stderr line so far (stderr lines prefixed with `stderr: `). */
  readonly logs: readonly string[];
}

/**
 * Spawns the host: compiled when this helper runs compiled (npm test), else from source via tsx.
 *
 * @throws {HostProcessStartError} with the host's output when it exits or times out first.
 */
export async function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  const logs: string[] = [];
  const host = await spawnHostProcess({
    ...options,
    fromSource: !fileURLToPath(import.meta.url).endsWith('.js'),
    onLine: (line, stream) => logs.push(stream === 'stderr' ? `stderr: ${line}` : line),
  });
  return { ...host, logs };
}
