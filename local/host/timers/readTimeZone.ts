import { HostError } from '../core/HostError.js';

/** The app setting that moves timer schedules off UTC. */
export const TIME_ZONE_SETTING = 'WEBSITE_TIME_ZONE';

/**
 * The time zone timer schedules run in: `WEBSITE_TIME_ZONE` (an IANA name, as on Linux plans),
 * default UTC.
 *
 * @throws {HostError} `ERR_HOST_INVALID_SCHEDULE` for a name the runtime does not know.
 */
export function readTimeZone(settings: Readonly<Record<string, string | undefined>>): string {
  const timeZone = settings[TIME_ZONE_SETTING]?.trim() || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new HostError(
      'ERR_HOST_INVALID_SCHEDULE',
      `${TIME_ZONE_SETTING} "${timeZone}" is not a known time zone; use an IANA name such as "Europe/Paris".`,
    );
  }
  return timeZone;
}
