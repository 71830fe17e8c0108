import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { glob } from 'tinyglobby';

import { HostError } from '../core/HostError.js';
import { readJsonFile } from './readJsonFile.js';

/** ES module entries imported so far; Node cannot unload them. */
const importedEntries = new Set<string>();

/**
 * Drops the app's own CommonJS modules (not its node_modules) from the require cache, so a
 * restarted app registers its functions again.
 */
function forgetCommonJsModules(require: NodeJS.Require, appDir: string): void {
  const prefix = appDir + path.sep;
  for (const id of Object.keys(require.cache)) {
    if (
      id.startsWith(prefix) &&
      !id.slice(prefix.length).split(path.sep).includes('node_modules')
    ) {
      delete require.cache[id];
    }
  }
}

/**
 * Loads the app's entry files: `main` of `<appDir>/package.json`, a path or glob, each file in
 * sorted order, as ES modules (`.mjs`, or `.js` under `"type": "module"`) or CommonJS, the way
 * the Node worker does. Returns the files loaded, relative to `appDir`. A CommonJS app can be
 * loaded again after a restart; an ES module app only once per process.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` naming the package.json, pattern or file at fault
 *   (with the original error as `cause`).
 */
export async function loadEntryFiles(appDir: string): Promise<string[]> {
  const packageFile = path.join(appDir, 'package.json');
  const packageJson = await readJsonFile(packageFile);
  const main = packageJson?.main;
  if (typeof main !== 'string' || main.trim() === '') {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `${packageFile} must exist and name the entry files in "main" (a path or glob, e.g. "dist/src/functions/*.js").`,
    );
  }
  const files = (await glob(main, { cwd: appDir, onlyFiles: true })).sort();
  if (files.length === 0) {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `No files match "main": "${main}" in ${packageFile} (relative to ${appDir}); build the app first?`,
    );
  }
  const isModulePackage = packageJson?.type === 'module';
  const require = createRequire(path.join(appDir, 'package.json'));
  forgetCommonJsModules(require, appDir);
  for (const file of files) {
    const absolute = path.resolve(appDir, file);
    try {
      if (file.endsWith('.mjs') || (isModulePackage && !file.endsWith('.cjs'))) {
        if (importedEntries.has(absolute)) {
          throw new HostError(
            'ERR_HOST_APP_LOAD',
            `"${file}" is an ES module already loaded in this process, so its functions cannot register again; start this app in a new process.`,
          );
        }
        importedEntries.add(absolute);
        await import(pathToFileURL(absolute).href);
      } else {
        require(absolute);
      }
    } catch (error) {
      if (error instanceof HostError) {
        throw new HostError(error.code, `${error.message} (while loading "${file}")`, {
          cause: error,
        });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new HostError('ERR_HOST_APP_LOAD', `Failed to load entry file "${file}": ${reason}`, {
        cause: error,
      });
    }
  }
  return files;
}
