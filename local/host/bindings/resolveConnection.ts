/** A storage connection string found from the setting a binding names, or why not. */
export type ConnectionResult =
  | { readonly ok: true; readonly connectionString: string }
  | { readonly ok: false; readonly message: string };

/**
 * Finds the connection string a binding's `connection` names, as the Functions host does: the
 * setting itself, else `AzureWebJobs<name>`. Identity-based connections (`<name>__serviceUri`,
 * `<name>__blobServiceUri`, …) need Entra ID and are refused with a message saying so.
 */
export function resolveConnection(
  name: string,
  settings: Readonly<Record<string, string | undefined>>,
): ConnectionResult {
  const value = settings[name] ?? settings[`AzureWebJobs${name}`];
  if (value !== undefined && value.trim() !== '') return { ok: true, connectionString: value };
  const prefix = `${name}__`.toLowerCase();
  if (Object.keys(settings).some((key) => key.toLowerCase().startsWith(prefix))) {
    return {
      ok: false,
      message: `Storage connection "${name}" is identity-based (${name}__…); the local host needs a connection string in the setting "${name}" (e.g. UseDevelopmentStorage=true for Azurite).`,
    };
  }
  return {
    ok: false,
    message: `Storage account connection string '${name}' does not exist. Make sure that it is a defined App Setting.`,
  };
}
