import path from 'node:path';

import { HostError } from '../core/HostError.js';
import { applyHostJsonOverrides } from './applyHostJsonOverrides.js';
import { objectAt, readJsonFile } from './readJsonFile.js';

/** What the local host uses from `host.json`. */
export interface HostJson {
  /** `extensions.http.routePrefix`; default `api`; `''` serves routes at the root. */
  readonly routePrefix: string;
  /** `extensions.durableTask`, unvalidated (the durable engine reads it). */
  readonly durableTask: Readonly<Record<string, unknown>>;
  /** `logging.logLevel`: category → level, checked by createLogFilter. */
  readonly logLevel: Readonly<Record<string, unknown>>;
  /** `extensions.queues` and `extensions.blobs`, unvalidated (local/host/bindings reads them); absent means none. */
  readonly storageExtensions?: {
    readonly queues: Readonly<Record<string, unknown>>;
    readonly blobs: Readonly<Record<string, unknown>>;
  };
}

/**
 * Reads `<appDir>/host.json` (defaults when absent) with the `AzureFunctionsJobHost__*`
 * overrides among `settings` applied.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` when the file is malformed or routePrefix is not a string.
 */
export async function readHostJson(
  appDir: string,
  settings: Readonly<Record<string, string | undefined>> = {},
): Promise<HostJson> {
  const file = path.join(appDir, 'host.json');
  const json = applyHostJsonOverrides((await readJsonFile(file)) ?? {}, settings);
  const extensions = objectAt(json, 'extensions');
  const routePrefix = objectAt(extensions, 'http').routePrefix ?? 'api';
  if (typeof routePrefix !== 'string') {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `${file}: extensions.http.routePrefix must be a string.`,
    );
  }
  return {
    routePrefix: routePrefix.replace(/^\/+|\/+$/g, ''),
    durableTask: objectAt(extensions, 'durableTask'),
    logLevel: objectAt(objectAt(json, 'logging'), 'logLevel'),
    storageExtensions: {
      queues: objectAt(extensions, 'queues'),
      blobs: objectAt(extensions, 'blobs'),
    },
  };
}
