import { HostError } from '../core/HostError.js';

/**
 * Replaces `%Name%` references with app settings, as the host does in binding expressions
 * (e.g. a timer `schedule: '%SYNC_SCHEDULE%'`).
 *
 * @throws {HostError} `ERR_HOST_MISSING_SETTING` naming the setting and `where` it is used.
 */
export function resolveSettingReferences(
  text: string,
  settings: Readonly<Record<string, string | undefined>>,
  where: string,
): string {
  return text.replace(/%([^%\s]+)%/g, (_match, name: string) => {
    const value = settings[name];
    if (value === undefined || value === '') {
      throw new HostError(
        'ERR_HOST_MISSING_SETTING',
        `${where} refers to app setting "%${name}%", which is not set (add it to local.settings.json Values or the environment).`,
      );
    }
    return value;
  });
}
