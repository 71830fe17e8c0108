import { compileConstraint, type RouteConstraint } from './routeConstraints.js';

/** One `{...}` of a route template. */
export interface RouteParameter {
  readonly name: string;
  readonly constraints: readonly RouteConstraint[];
  readonly optional: boolean;
  readonly defaultValue: string | undefined;
  readonly catchAll: boolean;
}

/** A path segment: literal text and parameters, in order. */
export type RoutePart = { readonly literal: string } | { readonly parameter: RouteParameter };

export type RouteSegment = readonly RoutePart[];

/** A route template split into segments, or the reason it is malformed. */
export type ParsedRoute =
  | { readonly ok: true; readonly segments: readonly RouteSegment[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Parses an ASP.NET-style route template as the Functions host accepts it: literal segments,
 * `{name}`, `{name:constraint(args):other}`, optional `{name?}`, defaults `{name=value}`,
 * catch-all `{*rest}`, several parts in one segment (`{name}.{ext}`), `{{`/`}}` for braces.
 */
export function parseRouteTemplate(template: string): ParsedRoute {
  const trimmed = template.replace(/^~?\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return { ok: true, segments: [] };
  const segments: RouteSegment[] = [];
  const names = new Set<string>();
  const texts = trimmed.split('/');
  for (const [index, text] of texts.entries()) {
    if (text === '') return { ok: false, problem: 'empty segment ("//")' };
    const parts = parseSegment(text);
    if (typeof parts === 'string') return { ok: false, problem: parts };
    for (const part of parts) {
      if (!('parameter' in part)) continue;
      const { parameter } = part;
      const key = parameter.name.toLowerCase();
      if (names.has(key))
        return { ok: false, problem: `parameter "${parameter.name}" appears twice` };
      names.add(key);
      if (parameter.catchAll && (index !== texts.length - 1 || parts.length > 1)) {
        return {
          ok: false,
          problem: `catch-all "{*${parameter.name}}" must be the whole last segment`,
        };
      }
      if (parameter.optional && parts.length > 1) {
        return { ok: false, problem: `optional "{${parameter.name}?}" must be a whole segment` };
      }
      for (const constraint of parameter.constraints) {
        const compiled = compileConstraint(constraint);
        if (typeof compiled === 'string') return { ok: false, problem: compiled };
      }
    }
    segments.push(parts);
  }
  return { ok: true, segments };
}

function parseSegment(text: string): RoutePart[] | string {
  const parts: RoutePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i += 2;
    } else if (char === '{') {
      const end = findParameterEnd(text, i + 1);
      if (end < 0) return `unclosed "{" in "${text}"`;
      if (literal) parts.push({ literal });
      literal = '';
      const parameter = parseParameter(text.slice(i + 1, end));
      if (typeof parameter === 'string') return parameter;
      const previous = parts.at(-1);
      if (previous && 'parameter' in previous) {
        return `parameters "${previous.parameter.name}" and "${parameter.name}" need literal text between them`;
      }
      parts.push({ parameter });
      i = end + 1;
    } else if (char === '}') {
      return `unmatched "}" in "${text}"`;
    } else {
      literal += char;
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** Index of the `}` closing a parameter; `}}` inside a constraint is an escaped brace. */
function findParameterEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '}') {
      if (text[i + 1] === '}') i += 1;
      else return i;
    }
  }
  return -1;
}

function parseParameter(raw: string): RouteParameter | string {
  let body = raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  const catchAll = /^\*{1,2}/.test(body);
  body = body.replace(/^\*{1,2}/, '');
  const pieces = splitTopLevel(body, ':');
  let head = pieces.shift() ?? '';
  let tail = pieces.pop();
  const hasConstraints = tail !== undefined;
  let optional = false;
  let defaultValue: string | undefined;
  // The `?` or `=default` follows the last constraint, or the name when there is none.
  let last = hasConstraints ? (tail ?? '') : head;
  const eq = indexOfTopLevel(last, '=');
  if (eq >= 0) {
    defaultValue = last.slice(eq + 1);
    last = last.slice(0, eq);
  } else if (last.endsWith('?') && !last.endsWith('\\?')) {
    optional = true;
    last = last.slice(0, -1);
  }
  if (hasConstraints) tail = last;
  else head = last;
  const name = head.trim();
  if (!/^[A-Za-z_][\w]*$/.test(name)) return `invalid parameter name "${name}" in "{${raw}}"`;
  const constraints: RouteConstraint[] = [];
  for (const text of [...pieces, ...(tail === undefined ? [] : [tail])]) {
    const match = /^([A-Za-z]+)(?:\((.*)\))?$/s.exec(text);
    if (!match?.[1]) return `invalid route constraint "${text}" in "{${raw}}"`;
    const argsText = match[2];
    const args =
      argsText === undefined
        ? []
        : match[1].toLowerCase() === 'regex'
          ? [argsText]
          : argsText.split(',').map((a) => a.trim());
    constraints.push({ name: match[1], args });
  }
  return {
    name,
    constraints,
    optional: optional || defaultValue !== undefined || catchAll,
    defaultValue,
    catchAll,
  };
}

/** Splits on `separator` outside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === separator && depth === 0) {
      result.push(current);
      current = '';
    } else current += char;
  }
  result.push(current);
  return result;
}

function indexOfTopLevel(text: string, char: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth += 1;
    if (text[i] === ')') depth = Math.max(0, depth - 1);
    if (text[i] === char && depth === 0) return i;
  }
  return -1;
}
