/** The prefix of app settings that override host.json, e.g. `AzureFunctionsJobHost__logging__logLevel__default`. */
export const HOST_JSON_OVERRIDE_PREFIX = 'AzureFunctionsJobHost__';

type Json = Record<string, unknown>;

/**
 * host.json with `AzureFunctionsJobHost__<path>` app settings applied, as the Functions host's
 * configuration does: `__` separates path segments, names match existing keys case-insensitively,
 * and values stay strings (the readers accept numbers and booleans written as text, as .NET's
 * configuration binder does). `hostJson` is not changed.
 */
export function applyHostJsonOverrides(
  hostJson: Readonly<Json>,
  settings: Readonly<Record<string, string | undefined>>,
): Json {
  const result = structuredClone(hostJson) as Json;
  for (const [name, value] of Object.entries(settings)) {
    if (
      value === undefined ||
      !name.toLowerCase().startsWith(HOST_JSON_OVERRIDE_PREFIX.toLowerCase())
    ) {
      continue;
    }
    const path = name.slice(HOST_JSON_OVERRIDE_PREFIX.length).split('__');
    if (path.some((segment) => segment === '')) continue;
    let node = result;
    for (const [index, segment] of path.entries()) {
      const key =
        Object.keys(node).find((k) => k.toLowerCase() === segment.toLowerCase()) ?? segment;
      if (index === path.length - 1) {
        node[key] = value;
        break;
      }
      const child = node[key];
      if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
      node = node[key] as Json;
    }
  }
  return result;
}
