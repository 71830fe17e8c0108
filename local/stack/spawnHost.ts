import { createWriteStream } from 'node:fs';

import { HostProcessStartError, spawnHostProcess } from '../host/spawnHostProcess.js';
import { StackError } from './StackError.js';

export interface SpawnedHost {
  readonly name: string;
  readonly url: string;
  readonly logPath: string;
  stop(): Promise<void>;
}

/**
 * Starts one Function App on the local host in its own process, as two Function Apps would run,
 * with its output in `logPath` so the console stays readable.
 *
 * @throws {StackError} naming the app and the host's last line when it cannot start.
 */
export async function spawnHost(options: {
  readonly name: string;
  readonly root: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly logPath: string;
}): Promise<SpawnedHost> {
  const log = createWriteStream(options.logPath, { flags: 'a' });
  try {
    const host = await spawnHostProcess({
      appDir: options.root,
      port: options.port,
      env: options.env,
      onLine: (line) => log.write(`${line}\n`),
    });
    return {
      name: options.name,
      url: host.url,
      logPath: options.logPath,
      async stop() {
        await host.stop();
        log.end();
      },
    };
  } catch (error) {
    log.end();
    if (!(error instanceof HostProcessStartError)) throw error;
    const lastLine =
      error.output
        .trim()
        .split('\n')
        .pop()
        ?.replace(/^stderr: /, '') ?? '';
    throw new StackError(
      'ERR_APP_START',
      `the ${options.name} app did not start (${error.message.split('.')[0]})${lastLine ? `: ${lastLine.slice(0, 300)}` : ''}`,
      `read ${options.logPath} for the whole output`,
    );
  }
}
