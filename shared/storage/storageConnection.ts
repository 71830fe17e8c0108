import { readSettings, type SettingsSource } from '../config/readSettings.js';
import { z } from 'zod';

/**
 * How an app reaches its storage account, following the Functions convention for connections:
 * `NAME` holds a connection string (Azurite locally), or `NAME__tableServiceUri` /
 * `NAME__blobServiceUri` (+ `NAME__clientId` for a user-assigned identity) select managed identity.
 */
export type StorageConnection =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'managedIdentity';
      readonly tableServiceUri: string | undefined;
      readonly blobServiceUri: string | undefined;
      readonly clientId: string | undefined;
    };

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute https URL' });

/** @throws {ConfigurationError} when neither form is configured. */
export function readStorageConnection(name: string, source: SettingsSource): StorageConnection {
  const connectionString = source[name]?.trim();
  if (connectionString) return { kind: 'connectionString', connectionString };
  const settings = readSettings(
    z
      .object({
        [`${name}__tableServiceUri`]: httpsUrl.optional(),
        [`${name}__blobServiceUri`]: httpsUrl.optional(),
        [`${name}__clientId`]: z.string().optional(),
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
    tableServiceUri: settings[`${name}__tableServiceUri`],
    blobServiceUri: settings[`${name}__blobServiceUri`],
    clientId: settings[`${name}__clientId`],
  };
}
