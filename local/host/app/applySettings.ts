/**
 * Writes app settings into `env` the way Core Tools does: `local.settings.json` values fill in
 * only what the process environment lacks, then `overrides` (the caller's explicit env) win over
 * both. Returns a function that puts `env` back as it was.
 */
export function applySettings(
  localValues: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  const previous = new Map<string, string | undefined>();
  const set = (name: string, value: string) => {
    if (!previous.has(name)) previous.set(name, env[name]);
    env[name] = value;
  };
  for (const [name, value] of Object.entries(localValues)) {
    if (env[name] === undefined) set(name, value);
  }
  for (const [name, value] of Object.entries(overrides)) set(name, value);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
}
