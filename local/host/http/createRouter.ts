import type { FunctionMetadata } from '../contracts.js';
import { HostError } from '../core/HostError.js';
import { triggerOf } from '../invoke/toEffectiveOptions.js';
import { compileRoute, type CompiledRoute, type RouteParams } from './compileRoute.js';
import { parseRouteTemplate } from './parseRouteTemplate.js';

/** An HTTP-triggered function's public route, for listings like Core Tools' startup output. */
export interface HttpRouteInfo {
  readonly functionName: string;
  /** Path including the route prefix, starting with `/`, e.g. `/api/orders/{id:int}`. */
  readonly path: string;
  /** Upper-case methods; empty means every method. */
  readonly methods: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly fn: FunctionMetadata; readonly params: RouteParams }
  | { readonly kind: 'methodNotAllowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'notFound' };

export interface Router {
  /** By function name, as Core Tools lists them. */
  readonly routes: readonly HttpRouteInfo[];
  /** Resolves a request; `pathname` is the URL's (still percent-encoded) path. */
  match(method: string, pathname: string): RouteMatch;
}

interface Entry extends HttpRouteInfo {
  readonly fn: FunctionMetadata;
  readonly template: string;
  readonly compiled: CompiledRoute;
}

/**
 * Builds the route table of the app's HTTP triggers under `routePrefix`: the route defaults to
 * the function name; more specific routes win (literal before constrained before plain
 * parameter before catch-all, ASP.NET Core's precedence), then template order.
 *
 * @throws {HostError} `ERR_HOST_INVALID_ROUTE` naming the function and the template problem.
 */
export function createRouter(functions: readonly FunctionMetadata[], routePrefix: string): Router {
  const prefix = splitPath(routePrefix);
  const entries: Entry[] = [];
  for (const fn of functions) {
    const trigger = triggerOf(fn);
    if (trigger.type !== 'httpTrigger') continue;
    const template =
      typeof trigger.route === 'string' && trigger.route !== '' ? trigger.route : fn.name;
    const parsed = parseRouteTemplate(template);
    if (!parsed.ok) {
      throw new HostError(
        'ERR_HOST_INVALID_ROUTE',
        `Function "${fn.name}" has an invalid route "${template}": ${parsed.problem}.`,
      );
    }
    const methods = Array.isArray(trigger.methods)
      ? trigger.methods.map((m) => String(m).toUpperCase())
      : [];
    entries.push({
      fn,
      functionName: fn.name,
      template,
      path: `/${[...prefix, template.replace(/^~?\/+/, '')].filter(Boolean).join('/')}`,
      methods,
      compiled: compileRoute(parsed.segments),
    });
  }
  entries.sort(
    (a, b) =>
      comparePrecedence(a.compiled.precedence, b.compiled.precedence) ||
      a.template.localeCompare(b.template),
  );

  return {
    routes: entries
      .map(({ functionName, path, methods }) => ({ functionName, path, methods }))
      .sort((a, b) => a.functionName.localeCompare(b.functionName)),
    match(method, pathname) {
      const segments = splitPath(pathname);
      if (!prefix.every((part, i) => segments[i]?.toLowerCase() === part.toLowerCase())) {
        return { kind: 'notFound' };
      }
      const rest = segments.slice(prefix.length);
      const allowed = new Set<string>();
      for (const entry of entries) {
        const params = entry.compiled.match(rest);
        if (!params) continue;
        if (entry.methods.length === 0 || entry.methods.includes(method.toUpperCase())) {
          return { kind: 'found', fn: entry.fn, params };
        }
        for (const m of entry.methods) allowed.add(m);
      }
      return allowed.size > 0
        ? { kind: 'methodNotAllowed', allowed: [...allowed] }
        : { kind: 'notFound' };
    },
  };
}

/** Path segments without the leading slash and one trailing slash; `''` → `[]`. */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Compares digit sequences as decimals (0.d1d2d3…), as ASP.NET Core does. */
function comparePrecedence(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
