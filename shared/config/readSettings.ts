import type { z } from 'zod';

import { ConfigurationError } from './ConfigurationError.js';

/** Environment-like map of setting names to values, e.g. `process.env`. */
export type SettingsSource = Readonly<Record<string, string | undefined>>;

/**
 * Parses app settings once, at startup, against a zod schema whose keys are the setting names.
 * Empty strings count as unset (App Service shows deleted settings that way).
 *
 * @throws {ConfigurationError} naming every missing or malformed setting.
 */
export function readSettings<Schema extends z.ZodType>(
  schema: Schema,
  source: SettingsSource,
): Readonly<z.output<Schema>> {
  const cleaned: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== '') cleaned[name] = value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigurationError(
      result.error.issues.map((issue) => {
        const [setting, ...inside] = issue.path.map(String);
        // A list setting reports which entry is wrong: "entry 2: must be ...".
        const where = inside.length > 0 ? `entry ${Number(inside[0]) + 1}: ` : '';
        return { setting: setting ?? '(settings)', problem: `${where}${issue.message}` };
      }),
    );
  }
  return Object.freeze(result.data);
}
