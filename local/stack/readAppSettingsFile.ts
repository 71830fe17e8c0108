import { existsSync } from 'node:fs';
import path from 'node:path';

import { objectAt, readJsonFile } from '../host/app/readJsonFile.js';
import { StackError } from './StackError.js';

/** What the stack takes from an app's local.settings.json, the file Core Tools reads. */
export interface AppSettingsFile {
  /** The file read, relative to the settings root (for the startup line). */
  readonly shownAs: string;
  readonly values: Readonly<Record<string, string>>;
  readonly connectionStrings: Readonly<Record<string, string>>;
  readonly localHttpPort: number | undefined;
}

/**
 * Reads `<settingsRoot>/<role>-app/local.settings.json`, else its `local.settings.sample.json`,
 * as `func start` in that folder would (so the README's "copy the sample and edit it" holds).
 *
 * @throws {StackError} `ERR_SETTINGS` naming the file when it is malformed.
 */
export async function readAppSettingsFile(
  settingsRoot: string,
  role: 'client' | 'server',
): Promise<AppSettingsFile> {
  const own = path.join(settingsRoot, `${role}-app`, 'local.settings.json');
  const file = existsSync(own) ? own : path.join(path.dirname(own), 'local.settings.sample.json');
  const shownAs = path.relative(settingsRoot, file);
  const bad = (problem: string) =>
    new StackError(
      'ERR_SETTINGS',
      `${shownAs}: ${problem}`,
      `fix it, or delete it to use the sample`,
    );
  let json: Record<string, unknown> | undefined;
  try {
    json = await readJsonFile(file);
  } catch (error) {
    throw bad(error instanceof Error ? error.message.replace(`${file} `, '') : String(error));
  }
  if (!json) throw bad('not found');
  const strings = (section: string): Record<string, string> => {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(objectAt(json, section))) {
      // ConnectionStrings entries may also be { ConnectionString, ProviderName } objects.
      const text =
        typeof value === 'object' && value !== null
          ? (value as { ConnectionString?: unknown }).ConnectionString
          : value;
      if (typeof text !== 'string' && typeof text !== 'number' && typeof text !== 'boolean') {
        throw bad(`${section}.${name} must be a string, number or boolean`);
      }
      result[name] = String(text);
    }
    return result;
  };
  const port = objectAt(json, 'Host')['LocalHttpPort'];
  return {
    shownAs,
    values: strings('Values'),
    connectionStrings: strings('ConnectionStrings'),
    localHttpPort: typeof port === 'number' ? port : undefined,
  };
}
