import { readFile } from 'node:fs/promises';

import { HostError } from '../core/HostError.js';

/**
 * Reads a JSON object from `file`; `undefined` when the file does not exist.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` naming the file when it is not a JSON object.
 */
export async function readJsonFile(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HostError('ERR_HOST_APP_LOAD', `Cannot read ${file}: ${String(error)}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    // A BOM is common in files saved by Windows editors; JSON.parse rejects it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `${file} is not valid JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HostError('ERR_HOST_APP_LOAD', `${file} must contain a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** `value[key]` when it is a plain object, else an empty object. */
export function objectAt(
  value: Readonly<Record<string, unknown>>,
  key: string,
): Record<string, unknown> {
  const found = value[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : {};
}
