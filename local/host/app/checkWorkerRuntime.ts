import { HostError } from '../core/HostError.js';

/** The setting that tells the Functions host which language worker to start. */
export const WORKER_RUNTIME_SETTING = 'FUNCTIONS_WORKER_RUNTIME';

/**
 * Refuses an app whose `FUNCTIONS_WORKER_RUNTIME` names another language: the Functions host
 * would start that language's worker, which finds no functions in a Node app. Unset is allowed
 * (Core Tools then works the language out from the project).
 *
 * @throws {HostError} `ERR_HOST_WORKER_RUNTIME` naming the value found.
 */
export function checkWorkerRuntime(settings: Readonly<Record<string, string | undefined>>): void {
  const runtime = settings[WORKER_RUNTIME_SETTING]?.trim();
  if (runtime === undefined || runtime === '' || runtime.toLowerCase() === 'node') return;
  throw new HostError(
    'ERR_HOST_WORKER_RUNTIME',
    `${WORKER_RUNTIME_SETTING} is "${runtime}", but this host runs Node.js apps only: set it to "node" in local.settings.json Values (or the environment).`,
  );
}
