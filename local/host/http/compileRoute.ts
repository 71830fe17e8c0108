import type { RouteParameter, RouteSegment } from './parseRouteTemplate.js';
import { compileConstraint } from './routeConstraints.js';

/** Route parameter values of a matched request, URL-decoded. */
export type RouteParams = Record<string, string>;

/** Matches URL path segments (already split, still encoded) against one route. */
export interface CompiledRoute {
  /** Sort key: lower digits first (ASP.NET Core's inbound precedence), literals before parameters. */
  readonly precedence: readonly number[];
  match(segments: readonly string[]): RouteParams | undefined;
}

/** Compiles parsed segments (constraints already validated by the parser). */
export function compileRoute(segments: readonly RouteSegment[]): CompiledRoute {
  const matchers = segments.map(compileSegment);
  return {
    precedence: segments.map(precedenceDigit),
    match(pathSegments) {
      const params: RouteParams = {};
      for (const [index, matcher] of matchers.entries()) {
        if (matcher.catchAll) {
          const rest = pathSegments.slice(index).map(decode);
          if (rest.includes(undefined)) return undefined;
          const value = rest.join('/');
          if (value === '') return matcher.fill(params) ? params : undefined;
          return matcher.accept(value, params) ? params : undefined;
        }
        const text = pathSegments[index];
        if (text === undefined) {
          if (!matcher.fill(params)) return undefined;
          continue;
        }
        if (!matcher.accept(text, params)) return undefined;
      }
      return pathSegments.length <= matchers.length ? params : undefined;
    },
  };
}

interface SegmentMatcher {
  readonly catchAll: boolean;
  /** Matches one segment (for a catch-all, the decoded rest of the path) and records its params. */
  accept(text: string, params: RouteParams): boolean;
  /** Handles the segment being absent: true (recording any default) when it is optional. */
  fill(params: RouteParams): boolean;
}

function compileSegment(segment: RouteSegment): SegmentMatcher {
  const parameters = segment.flatMap((part) => ('parameter' in part ? [part.parameter] : []));
  const only = segment.length === 1 ? parameters[0] : undefined;
  if (only) {
    const ok = checker(only);
    return {
      catchAll: only.catchAll,
      accept: (text, params) => {
        const value = only.catchAll ? text : decode(text);
        if (value === undefined || value === '' || !ok(value)) return false;
        params[only.name] = value;
        return true;
      },
      fill: (params) => {
        if (!only.optional) return false;
        if (only.defaultValue !== undefined) params[only.name] = only.defaultValue;
        return true;
      },
    };
  }
  // Literal-only or complex ("{name}.{ext}"): one case-insensitive regex over the decoded text.
  const pattern = segment
    .map((part) => ('literal' in part ? escapeRegExp(part.literal) : '(.+?)'))
    .join('');
  const regex = new RegExp(`^${pattern}$`, 'i');
  const checks = parameters.map(checker);
  return {
    catchAll: false,
    accept: (text, params) => {
      const decoded = decode(text);
      const match = decoded === undefined ? null : regex.exec(decoded);
      if (!match) return false;
      const values = match.slice(1);
      if (!values.every((value, i) => value !== undefined && checks[i]?.(value))) return false;
      parameters.forEach((parameter, i) => (params[parameter.name] = values[i] ?? ''));
      return true;
    },
    fill: () => false,
  };
}

function checker(parameter: RouteParameter): (value: string) => boolean {
  const checks = parameter.constraints.map(compileConstraint);
  return (value) => checks.every((check) => typeof check === 'function' && check(value));
}

/** ASP.NET Core's `RoutePrecedence.ComputeInbound` digit for one segment. */
function precedenceDigit(segment: RouteSegment): number {
  const [first] = segment;
  if (segment.length > 1 || !first) return 2;
  if ('literal' in first) return 1;
  const digit = first.parameter.catchAll ? 5 : 3;
  return first.parameter.constraints.length > 0 ? digit - 1 : digit;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
