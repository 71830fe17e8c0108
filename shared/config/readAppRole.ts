import { z } from 'zod';

import { APP_ROLES, ORDERS_APP_SETTING, type AppRole } from '../names.js';
import { readSettings, type SettingsSource } from './readSettings.js';

/** @throws {ConfigurationError} when `ORDERS_APP` is unset or not `client` / `server`. */
export function readAppRole(source: SettingsSource): AppRole {
  const schema = z.object({
    [ORDERS_APP_SETTING]: z.enum(APP_ROLES, {
      error: (issue) =>
        issue.input === undefined
          ? `required: which app this is, "client" or "server"`
          : `must be "client" or "server", got ${JSON.stringify(issue.input).slice(0, 40)}`,
    }),
  });
  return readSettings(schema, source)[ORDERS_APP_SETTING];
}
