/**
 * The files azd uploads for a Function App service (azure.yaml `host: function`): the project
 * folder, walked as azd walks it (Azure/azure-dev cli/azd/pkg/project/project_utils.go,
 * createDeployableZip), minus what `.funcignore` matches by gitignore rules — the project's
 * .gitignore plays no part. An excluded folder is not entered, so nothing below it can be
 * re-included, as in git.
 *
 * The matcher is the `ignore` package (the gitignore implementation ESLint uses, present here as
 * ESLint's dependency, not one of ours), case-sensitive like git on Linux.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import ignoreModule from 'ignore';

// A CommonJS module typed with `export default`: under NodeNext its factory is `.default`.
const ignore = ignoreModule.default;

export const IGNORE_FILE = '.funcignore';

/** What azd leaves out whatever the ignore file says, at any depth (createDeployableZip). */
const ALWAYS_EXCLUDED = {
  directories: new Set(['.azure']),
  files: new Set([IGNORE_FILE, 'local.settings.json']),
};

/**
 * @param rules the ignore file's text; default: `<projectDir>/.funcignore`.
 * @returns the uploaded files, relative to `projectDir` with `/` separators, sorted.
 */
export function collectUpload(projectDir: string, rules?: string): string[] {
  const matcher = ignore({ ignorecase: false }).add(
    rules ?? readFileSync(path.join(projectDir, IGNORE_FILE), 'utf8'),
  );
  const files: string[] = [];
  const walk = (relativeDir: string) => {
    const entries = readdirSync(path.join(projectDir, relativeDir), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      // azd follows a symbolic link and treats it as what it points to.
      const isDirectory = entry.isSymbolicLink()
        ? statSync(path.join(projectDir, relative)).isDirectory()
        : entry.isDirectory();
      if (isDirectory) {
        if (ALWAYS_EXCLUDED.directories.has(entry.name) || matcher.ignores(`${relative}/`))
          continue;
        walk(relative);
      } else if (!ALWAYS_EXCLUDED.files.has(entry.name) && !matcher.ignores(relative)) {
        files.push(relative);
      }
    }
  };
  walk('');
  return files;
}
