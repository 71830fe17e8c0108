import path from 'node:path';

import { HostError } from '../core/HostError.js';
import { objectAt, readJsonFile } from './readJsonFile.js';

/**
 * The `Values` of `<appDir>/local.settings.json` (empty when the file is absent), as strings.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` when the file is malformed or a value is not a
 *   string, number or boolean.
 */
export async function readLocalSettings(appDir: string): Promise<Record<string, string>> {
  const file = path.join(appDir, 'local.settings.json');
  const json = await readJsonFile(file);
  if (!json) return {};
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(objectAt(json, 'Values'))) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[name] = String(value);
    } else {
      throw new HostError(
        'ERR_HOST_APP_LOAD',
        `${file}: Values.${name} must be a string, number or boolean.`,
      );
    }
  }
  return values;
}
