import path from 'node:path';

import { HostError } from '../core/HostError.js';
import { objectAt, readJsonFile } from './readJsonFile.js';

/** What the host uses from `local.settings.json`, the file Core Tools reads. */
export interface LocalSettings {
  /** `Values`, as strings: the app settings. */
  readonly values: Readonly<Record<string, string>>;
  /** `ConnectionStrings`, by name. */
  readonly connectionStrings: Readonly<Record<string, string>>;
  /** `Host.LocalHttpPort`: the port when none is given on the command line. */
  readonly localHttpPort: number | undefined;
}

/**
 * Reads `<appDir>/local.settings.json` (everything empty when the file is absent).
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` when the file is malformed, a value is not a string,
 *   number or boolean, or `Host.LocalHttpPort` is not a port number.
 */
export async function readLocalSettings(appDir: string): Promise<LocalSettings> {
  const file = path.join(appDir, 'local.settings.json');
  const json = await readJsonFile(file);
  if (!json) return { values: {}, connectionStrings: {}, localHttpPort: undefined };
  const strings = (section: string): Record<string, string> => {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(objectAt(json, section))) {
      // ConnectionStrings entries may also be { ConnectionString, ProviderName } objects.
      const text =
        typeof value === 'object' && value !== null && section === 'ConnectionStrings'
          ? (value as { ConnectionString?: unknown }).ConnectionString
          : value;
      if (typeof text !== 'string' && typeof text !== 'number' && typeof text !== 'boolean') {
        throw new HostError(
          'ERR_HOST_APP_LOAD',
          `${file}: ${section}.${name} must be a string, number or boolean.`,
        );
      }
      result[name] = String(text);
    }
    return result;
  };
  const port = objectAt(json, 'Host')['LocalHttpPort'];
  if (
    port !== undefined &&
    (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65_535)
  ) {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `${file}: Host.LocalHttpPort must be an integer from 0 to 65535, got ${JSON.stringify(port)}.`,
    );
  }
  return {
    values: strings('Values'),
    connectionStrings: strings('ConnectionStrings'),
    localHttpPort: port as number | undefined,
  };
}
