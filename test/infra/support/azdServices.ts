/**
 * The `services` block of an azure.yaml, read line by line: each service name with its scalar
 * properties (nested mappings such as `hooks` are skipped). Enough for the block layout azd
 * templates use; anchors and flow mappings are not supported.
 */
export function readAzdServices(
  yaml: string,
): ReadonlyMap<string, Readonly<Record<string, string>>> {
  const services = new Map<string, Record<string, string>>();
  let inServices = false;
  let serviceIndent: number | undefined;
  let propertyIndent: number | undefined;
  let current: Record<string, string> | undefined;
  for (const raw of yaml.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s+)#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      inServices = /^services:\s*$/.test(line);
      continue;
    }
    if (!inServices) continue;
    const entry = /^([\w.-]+):\s*(.*)$/.exec(line.trim());
    if (!entry) throw new SyntaxError(`unexpected line in services: ${raw}`);
    const key = entry[1] as string;
    const value = (entry[2] as string).replace(/^(['"])(.*)\1$/, '$2');
    serviceIndent ??= indent;
    if (indent === serviceIndent) {
      current = {};
      services.set(key, current);
      propertyIndent = undefined;
    } else if (current !== undefined && indent === (propertyIndent ??= indent) && value !== '') {
      current[key] = value;
    }
  }
  return services;
}
