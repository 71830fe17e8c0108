import { parseArgs } from 'node:util';

/** What `npm run host -- <appDir> [--port N] [--memory]` asks for. */
export interface HostArgs {
  readonly appDir: string;
  /** `undefined` when not given: local.settings.json `Host.LocalHttpPort`, else 7071, applies. */
  readonly port: number | undefined;
  /** Keep durable state in memory instead of AzureWebJobsStorage. */
  readonly memory: boolean;
}

export const HOST_USAGE = 'Usage: npm run host -- <appDir> [--port N] [--memory]';

/**
 * Parses the CLI arguments.
 *
 * @throws {TypeError} with {@link HOST_USAGE} for a missing app folder, an unknown option or a bad port.
 */
export function parseHostArgs(args: readonly string[]): HostArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { port: { type: 'string', short: 'p' }, memory: { type: 'boolean' } },
    });
  } catch (error) {
    throw new TypeError(`${(error as Error).message}. ${HOST_USAGE}`, { cause: error });
  }
  const [appDir, ...extra] = parsed.positionals;
  if (!appDir || extra.length > 0) throw new TypeError(`Expected one app folder. ${HOST_USAGE}`);
  const portText = parsed.values.port;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new TypeError(
      `"--port" must be an integer from 0 to 65535, got "${portText}". ${HOST_USAGE}`,
    );
  }
  return { appDir, port, memory: parsed.values.memory === true };
}
