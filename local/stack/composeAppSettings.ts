import { CONNECTION_STRINGS_PREFIX } from '../host/app/mergeAppSettings.js';
import type { AppSettingsFile } from './readAppSettingsFile.js';

export interface ComposedAppSettings {
  /** To add to the host's environment (which starts as this process's). */
  readonly env: Readonly<Record<string, string>>;
  /** File entries the stack's own endpoints replaced (a different value), for the startup line. */
  readonly replaced: readonly string[];
}

/**
 * One app's settings in the stack, in Core Tools' order: the file's `Values` and
 * `ConnectionStrings`, the environment winning over them — except the names in `owned`, which
 * point at what the stack itself started (Azurite, the identity provider, the server) and so
 * always take the stack's value. `defaults` (the stack's full settings) fill in only what neither
 * the file nor the environment has, so a file missing a line still runs.
 */
export function composeAppSettings(options: {
  readonly defaults: Readonly<Record<string, string>>;
  readonly owned: readonly string[];
  readonly file: AppSettingsFile;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** The port the stack gives the app (replaces `Host.LocalHttpPort`). */
  readonly port: number;
}): ComposedAppSettings {
  const { defaults, owned, file, processEnv } = options;
  const fromFile: Record<string, string> = {
    ...file.values,
    ...Object.fromEntries(
      Object.entries(file.connectionStrings).map(([name, value]) => [
        `${CONNECTION_STRINGS_PREFIX}${name}`,
        value,
      ]),
    ),
  };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaults, ...fromFile })) {
    // The host's environment already holds this process's; passing the value would override it.
    if (processEnv[name] === undefined) env[name] = value;
  }
  const replaced: string[] = [];
  for (const name of owned) {
    const value = defaults[name];
    if (value === undefined) continue;
    env[name] = value;
    if (fromFile[name] !== undefined && fromFile[name] !== value) replaced.push(name);
  }
  if (file.localHttpPort !== undefined && file.localHttpPort !== options.port) {
    replaced.push('Host.LocalHttpPort');
  }
  return { env, replaced };
}
