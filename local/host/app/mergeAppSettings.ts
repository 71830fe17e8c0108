import type { LocalSettings } from './readLocalSettings.js';

/** Where Core Tools puts `ConnectionStrings` entries among the settings: `ConnectionStrings:<name>`. */
export const CONNECTION_STRINGS_PREFIX = 'ConnectionStrings:';

/**
 * The app's settings as Core Tools hands them to the worker's environment: local.settings.json
 * `Values` and `ConnectionStrings` (as `ConnectionStrings:<name>`) fill in only what the process
 * environment lacks, then `overrides` (the caller's explicit settings) win over both.
 */
export function mergeAppSettings(
  processEnv: Readonly<Record<string, string | undefined>>,
  local: Pick<LocalSettings, 'values' | 'connectionStrings'>,
  overrides: Readonly<Record<string, string>> = {},
): Readonly<Record<string, string>> {
  const settings: Record<string, string> = {};
  const fromFile = {
    ...local.values,
    ...Object.fromEntries(
      Object.entries(local.connectionStrings).map(([name, value]) => [
        `${CONNECTION_STRINGS_PREFIX}${name}`,
        value,
      ]),
    ),
  };
  for (const [name, value] of Object.entries(fromFile)) settings[name] = value;
  for (const [name, value] of Object.entries(processEnv)) {
    if (value !== undefined) settings[name] = value;
  }
  return Object.freeze({ ...settings, ...overrides });
}
