/**
 * Matches a blob name against a blob trigger's path pattern (`container/{name}.txt`, the
 * container part excluded) and returns the captured values, or undefined when it does not
 * match. As in the host, `{name}` captures any characters (slashes included) and the rest must
 * match literally; `{{` and `}}` stand for braces.
 */
export function matchBlobPath(
  pattern: string,
  blobName: string,
): Record<string, string> | undefined {
  const names: string[] = [];
  let source = '';
  for (const token of pattern.match(/\{\{|\}\}|\{[^{}]+\}|[^{}]+|[{}]/g) ?? []) {
    if (token === '{{' || token === '}}') source += escape(token[0] ?? '');
    else if (token.startsWith('{') && token.length > 2) {
      names.push(token.slice(1, -1));
      source += '(.+?)';
    } else source += escape(token);
  }
  const match = new RegExp(`^${source}$`, 's').exec(blobName);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
}

/** Splits a binding path `container/rest` into its container and blob part. */
export function splitBlobPath(path: string): { container: string; blob: string } {
  const trimmed = path.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  return slash < 0
    ? { container: trimmed, blob: '' }
    : { container: trimmed.slice(0, slash), blob: trimmed.slice(slash + 1) };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
