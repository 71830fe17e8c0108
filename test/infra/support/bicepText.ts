/**
 * Just enough Bicep reading for the infra consistency test (no Bicep compiler exists here): find
 * object literals, split them into top-level properties, and read string literals, exported
 * variables and module declarations. Strings (with `${}` interpolation), multi-line strings and
 * comments are skipped correctly, so braces inside them do not confuse the nesting.
 */

/** One top-level property of an object literal: its key and the raw text of its value. */
export interface BicepProperty {
  readonly key: string;
  readonly value: string;
}

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/** Index just past the string that starts at `start` (a `'`), interpolations included. */
function skipString(text: string, start: number): number {
  if (text.startsWith("'''", start)) {
    const end = text.indexOf("'''", start + 3);
    if (end < 0) throw new SyntaxError(`unterminated multi-line string at ${start}`);
    return end + 3;
  }
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") return i + 1;
    else if (c === '$' && text[i + 1] === '{') i = skipNested(text, i + 1) - 1;
  }
  throw new SyntaxError(`unterminated string at ${start}`);
}

/** Index just past a comment starting at `start`, or `start` when none starts there. */
function skipComment(text: string, start: number): number {
  if (text.startsWith('//', start)) {
    const end = text.indexOf('\n', start);
    return end < 0 ? text.length : end;
  }
  if (text.startsWith('/*', start)) {
    const end = text.indexOf('*/', start + 2);
    if (end < 0) throw new SyntaxError(`unterminated comment at ${start}`);
    return end + 2;
  }
  return start;
}

/** Index just past the bracket that closes the one at `open` (`{`, `[` or `(`). */
export function skipNested(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length;) {
    const c = text[i] as string;
    const afterComment = skipComment(text, i);
    if (afterComment !== i) i = afterComment;
    else if (c === "'") i = skipString(text, i);
    else {
      if (OPEN.has(c)) depth++;
      else if (CLOSE.has(c) && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new SyntaxError(`unbalanced bracket at ${open}`);
}

/**
 * The raw text of each top-level entry of the object or array literal whose bracket is at
 * `open`: entries end at a newline or comma outside strings, brackets and comments.
 */
function splitEntries(text: string, open: number): string[] {
  const end = skipNested(text, open) - 1;
  const entries: string[] = [];
  let current = '';
  for (let i = open + 1; i < end;) {
    const c = text[i] as string;
    const afterComment = skipComment(text, i);
    if (afterComment !== i) {
      i = afterComment;
    } else if (c === "'" || OPEN.has(c)) {
      const next = c === "'" ? skipString(text, i) : skipNested(text, i);
      current += text.slice(i, next);
      i = next;
    } else if (c === '\n' || c === ',') {
      entries.push(current);
      current = '';
      i++;
    } else {
      current += c;
      i++;
    }
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** Top-level properties of the object literal whose `{` is at `open`, in source order. */
export function readObjectLiteral(text: string, open: number): BicepProperty[] {
  return splitEntries(text, open).map((entry) => {
    const match = /^('(?:[^'\\]|\\.)*'|[A-Za-z_]\w*)\s*:\s*([\s\S]+)$/.exec(entry);
    if (!match) throw new SyntaxError(`not an object property: ${entry}`);
    const key = match[1] as string;
    return { key: key.startsWith("'") ? unquote(key) : key, value: (match[2] as string).trim() };
  });
}

/** The raw text of each item of the array literal that is `value`, in source order. */
export function readArrayValue(value: string): string[] {
  if (!value.startsWith('[')) throw new Error(`not an array literal: ${value}`);
  return splitEntries(value, 0);
}

/** The properties of `output <name> object = { ... }`. */
export function readObjectOutput(text: string, name: string): BicepProperty[] {
  const match = new RegExp(`^output\\s+${name}\\s+object\\s*=\\s*\\{`, 'm').exec(text);
  if (!match) throw new Error(`no "output ${name} object = {" found`);
  return readObjectLiteral(text, match.index + match[0].length - 1);
}

/** A module declaration: the file or registry reference it uses and its top-level properties. */
export interface BicepModule {
  readonly source: string;
  readonly properties: readonly BicepProperty[];
}

/** `module <symbol> '<source>' = [if (...)] { ... }`. */
export function readModule(text: string, symbol: string): BicepModule {
  const match = new RegExp(
    `^module\\s+${symbol}\\s+'([^']+)'\\s*=\\s*(?:if\\s*\\(.*\\)\\s*)?\\{`,
    'm',
  ).exec(text);
  if (!match) throw new Error(`no module "${symbol}" found`);
  return {
    source: match[1] as string,
    properties: readObjectLiteral(text, match.index + match[0].length - 1),
  };
}

/** A resource declaration: its type (with API version), whether it is `existing`, its properties. */
export interface BicepResource {
  readonly type: string;
  readonly existing: boolean;
  readonly properties: readonly BicepProperty[];
}

/** `resource <symbol> '<type>@<version>' [existing] = [if (...)] { ... }`. */
export function readResource(text: string, symbol: string): BicepResource {
  const match = new RegExp(
    `^resource\\s+${symbol}\\s+'([^']+)'\\s+(existing\\s+)?=\\s*(?:if\\s*\\(.*\\)\\s*)?\\{`,
    'm',
  ).exec(text);
  if (!match) throw new Error(`no resource "${symbol}" found`);
  return {
    type: match[1] as string,
    existing: match[2] !== undefined,
    properties: readObjectLiteral(text, match.index + match[0].length - 1),
  };
}

/** Symbol and type of every `resource` declared in `text`, in source order. */
export function listResources(text: string): { symbol: string; type: string }[] {
  return [...text.matchAll(/^resource\s+(\w+)\s+'([^']+)'/gm)].map((m) => ({
    symbol: m[1] as string,
    type: m[2] as string,
  }));
}

/**
 * The value of a string literal whose interpolations are plain names (`'${a}/${b}'`), each
 * replaced by `resolve(name)`.
 *
 * @throws {Error} for anything else, or a name `resolve` does not know.
 */
export function interpolate(value: string, resolve: (name: string) => string | undefined): string {
  if (!/^'(?:[^'\\]|\\.)*'$/.test(value)) throw new Error(`not a string literal: ${value}`);
  return unquote(
    value.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
      const name = expression.trim();
      const resolved = /^[A-Za-z_]\w*$/.test(name) ? resolve(name) : undefined;
      if (resolved === undefined) throw new Error(`cannot resolve \${${name}} in ${value}`);
      return resolved;
    }),
  );
}

/** The value text of `key` among `properties`, e.g. a module's `params` object. */
export function propertyValue(properties: readonly BicepProperty[], key: string): string {
  const property = properties.find((p) => p.key === key);
  if (!property) throw new Error(`no property "${key}" found`);
  return property.value;
}

/** The properties of the object literal that is `value` (the raw text of a property value). */
export function readObjectValue(value: string): BicepProperty[] {
  if (!value.startsWith('{')) throw new Error(`not an object literal: ${value}`);
  return readObjectLiteral(value, 0);
}

/** The value of a Bicep string literal without interpolation, or undefined for anything else. */
export function stringLiteral(value: string): string | undefined {
  if (!/^'(?:[^'\\]|\\.)*'$/.test(value) || /(?<!\\)\$\{/.test(value)) return undefined;
  return unquote(value);
}

function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** `@export() var <name> = '<literal>'` declarations, by name. */
export function readExportedStrings(text: string): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  const pattern =
    /@export\(\)\s*(?:@description\('(?:[^'\\]|\\.)*'\)\s*)*var\s+(\w+)\s*=\s*('(?:[^'\\]|\\.)*')/g;
  for (const match of text.matchAll(pattern)) {
    const value = stringLiteral(match[2] as string);
    if (value !== undefined) found.set(match[1] as string, value);
  }
  return found;
}

/** Names imported with `import { a, b } from '<path>'`. */
export function readImports(text: string, path: string): readonly string[] {
  const match = new RegExp(
    `^import\\s*\\{([^}]*)\\}\\s*from\\s*'${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`,
    'm',
  ).exec(text);
  return match
    ? (match[1] as string)
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : [];
}

/**
 * The raw value text of `var <name> = …` or `output <name> <type> = …`: a literal up to its
 * closing bracket, any other expression up to the next blank line (ternaries split over lines
 * included).
 */
export function readDeclarationValue(text: string, kind: 'var' | 'output', name: string): string {
  const head = kind === 'var' ? `var\\s+${name}` : `output\\s+${name}\\s+\\w+`;
  const match = new RegExp(`^${head}\\s*=\\s*`, 'm').exec(text);
  if (!match) throw new Error(`no ${kind} "${name}" found`);
  const start = match.index + match[0].length;
  if (OPEN.has(text[start] as string)) return text.slice(start, skipNested(text, start));
  const end = text.slice(start).search(/\n\s*\n|$/);
  return text
    .slice(start, start + end)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/** A `param` declaration: its type, default text (if any) and `@allowed` values (if any). */
export interface BicepParam {
  readonly type: string;
  readonly defaultValue: string | undefined;
  readonly allowed: readonly string[] | undefined;
}

/** `param <name> <type> [= default]`, with the decorators in the block of lines right above it. */
export function readParam(text: string, name: string): BicepParam {
  const match = new RegExp(`^param\\s+${name}\\s+(\\w+)(?:\\s*=\\s*(.+))?$`, 'm').exec(text);
  if (!match) throw new Error(`no param "${name}" found`);
  const blank = text.lastIndexOf('\n\n', match.index);
  const blockStart = blank < 0 ? 0 : blank + 2;
  const decorators = text.slice(blockStart, match.index);
  const allowedAt = decorators.indexOf('@allowed(');
  const allowed =
    allowedAt < 0
      ? undefined
      : readArrayValue(
          decorators
            .slice(allowedAt + '@allowed'.length, skipNested(decorators, allowedAt + 8))
            .slice(1, -1)
            .trim(),
        );
  return { type: match[1] as string, defaultValue: match[2]?.trim(), allowed };
}
