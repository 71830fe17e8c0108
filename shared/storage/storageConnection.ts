import { z } from 'zod';

import { readSettings, type SettingsSource } from '../config/readSettings.js';
import { guid } from '../config/settingSchemas.js';

/**
 * How an app reaches its storage account, following the Functions convention for connections:
 * `NAME` holds a connection string (Azurite locally), or `NAME__tableServiceUri` /
 * `NAME__blobServiceUri` (+ `NAME__clientId` for a user-assigned identity) select managed identity.
 * `name` is the setting prefix, kept so later errors can name the setting to fix.
 */
export type StorageConnection =
  | { readonly kind: 'connectionString'; readonly name: string; readonly connectionString: string }
  | {
      readonly kind: 'managedIdentity';
      readonly name: string;
      readonly tableServiceUri: string | undefined;
      readonly blobServiceUri: string | undefined;
      readonly clientId: string | undefined;
    };

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute https URL' });

/** @throws {ConfigurationError} when neither form is configured. */
export function readStorageConnection(name: string, source: SettingsSource): StorageConnection {
  const connectionString = source[name]?.trim();
  if (connectionString) return { kind: 'connectionString', name, connectionString };
  const settings = readSettings(
    z
      .object({
        [`${name}__tableServiceUri`]: httpsUrl.optional(),
        [`${name}__blobServiceUri`]: httpsUrl.optional(),
        [`${name}__clientId`]: guid('the client ID of a user-assigned managed identity').optional(),
      })
      .refine(
        (s) =>
          s[`${name}__tableServiceUri`] !== undefined || s[`${name}__blobServiceUri`] !== undefined,
        {
          path: [name],
          message: `required: a storage connection string (locally "UseDevelopmentStorage=true" for Azurite), or ${name}__tableServiceUri / ${name}__blobServiceUri for managed identity`,
        },
      ),
    source,
  );
  return {
    kind: 'managedIdentity',
    name,
    tableServiceUri: settings[`${name}__tableServiceUri`],
    blobServiceUri: settings[`${name}__blobServiceUri`],
    clientId: settings[`${name}__clientId`],
  };
}
