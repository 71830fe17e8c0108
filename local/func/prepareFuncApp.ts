import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** Settings whose values are file paths, written relative to the repository root in the samples. */
const PATH_SETTINGS = ['NODE_EXTRA_CA_CERTS', 'AZURE_CLIENT_CERTIFICATE_PATH'];

export interface FuncApp {
  /** The folder to run `func start` in. */
  readonly dir: string;
  readonly port: number;
  /** Where the settings came from (the app's local.settings.json, or its sample). */
  readonly settingsSource: string;
}

/**
 * Core Tools runs one app per folder and reads its settings from that folder's
 * local.settings.json; this package holds two apps. So each app gets a folder of its own under
 * `.local/func/<role>`: the shared host.json and build (linked), a package.json pointing at the
 * one entry file, and that app's settings — the same layout a deployment of either app has.
 */
export function prepareFuncApp(root: string, role: 'client' | 'server'): FuncApp {
  const appSettings = path.join(root, `${role}-app`, 'local.settings.json');
  const sample = path.join(root, `${role}-app`, 'local.settings.sample.json');
  const settingsSource = existsSync(appSettings) ? appSettings : sample;
  const settings = readSettingsFile(settingsSource, path.relative(root, settingsSource));
  const values = { ...settings.Values };
  for (const name of PATH_SETTINGS) {
    const value = values[name];
    if (value && !path.isAbsolute(value)) values[name] = path.join(root, value);
  }

  const dir = path.join(root, '.local', 'func', role);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(root, 'host.json'), path.join(dir, 'host.json'));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    main: string;
  };
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `${pkg.name}-${role}`, type: 'module', main: pkg.main }, null, 2),
  );
  symlinkSync(path.join(root, 'dist'), path.join(dir, 'dist'), 'dir');
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(dir, 'local.settings.json'),
    JSON.stringify({ ...settings, IsEncrypted: false, Values: values }, null, 2),
  );
  return {
    dir,
    port: settings.Host?.LocalHttpPort ?? (role === 'client' ? 7071 : 7072),
    settingsSource: path.relative(root, settingsSource),
  };
}

interface LocalSettingsFile {
  Values?: Record<string, string>;
  Host?: { LocalHttpPort?: number };
}

/** @throws {Error} naming the file and what is wrong with it, never a bare parser stack. */
function readSettingsFile(file: string, shownAs: string): LocalSettingsFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${shownAs} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it, or delete it to use the sample`,
      { cause: error },
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${shownAs} must hold a JSON object with "Values"`);
  }
  const { Values } = json as { Values?: unknown };
  if (
    Values !== undefined &&
    (typeof Values !== 'object' ||
      Values === null ||
      Object.values(Values).some((v) => typeof v !== 'string'))
  ) {
    throw new Error(`${shownAs}: "Values" must map setting names to strings`);
  }
  return json;
}
