import { CONNECTION_STRINGS_PREFIX } from './app/mergeAppSettings.js';
import type { DurableStorage } from './contracts.js';
import { HostError } from './core/HostError.js';

/** The setting holding the host's storage connection, as in the Functions host. */
export const HOST_STORAGE_SETTING = 'AzureWebJobsStorage';

/** The well-known Azurite development account; public by design, never a real secret. */
const DEVELOPMENT_STORAGE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;' +
  'QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;' +
  'TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

/**
 * Where durable state lives, from the connection named `connectionName` (default
 * `AzureWebJobsStorage`; a setting, else a `ConnectionStrings` entry, as the host looks
 * connections up): a connection string, with `UseDevelopmentStorage=true` expanded to Azurite
 * on its default ports.
 *
 * @throws {HostError} `ERR_HOST_MISSING_SETTING` when the setting is absent.
 */
export function readDurableStorage(
  settings: Readonly<Record<string, string | undefined>>,
  connectionName: string = HOST_STORAGE_SETTING,
): DurableStorage {
  const value = (
    settings[connectionName] ?? settings[`${CONNECTION_STRINGS_PREFIX}${connectionName}`]
  )?.trim();
  if (!value) {
    throw new HostError(
      'ERR_HOST_MISSING_SETTING',
      `This app uses Durable Functions, which need storage: set ${connectionName} (e.g. "UseDevelopmentStorage=true" for Azurite) in local.settings.json, or run the host with --memory.`,
    );
  }
  const connectionString = /^UseDevelopmentStorage=true;?$/i.test(value)
    ? DEVELOPMENT_STORAGE
    : value;
  return { kind: 'connectionString', connectionString };
}
