import { readFile } from 'node:fs/promises';

/**
 * The `Values` of a Functions `local.settings.json`, or `{}` when the file does not exist.
 * Non-string values are dropped, as the host does when it turns them into environment variables.
 *
 * @throws {Error} naming the file when it exists but is not a JSON object.
 */
export async function readLocalSettingsValues(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const values = (parsed as { Values?: unknown } | null)?.Values;
  if (values === undefined) return {};
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new Error(`${file}: "Values" must be an object of setting names to strings`);
  }
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
