import type { FunctionMetadata } from './contracts.js';
import type { HttpRouteInfo } from './http/createRouter.js';
import { triggerOf } from './invoke/toEffectiveOptions.js';

/**
 * The function list Core Tools prints at startup: HTTP functions with methods and URL, others
 * with their trigger type, sorted by name.
 */
export function formatFunctionList(
  functions: readonly FunctionMetadata[],
  routes: readonly HttpRouteInfo[],
  url: string,
): string {
  const lines = [...functions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((fn) => {
      const route = routes.find((r) => r.functionName === fn.name);
      if (!route) return `\t${fn.name}: ${triggerOf(fn).type}`;
      const methods = route.methods.length > 0 ? route.methods.join(',') : 'ALL';
      return `\t${fn.name}: [${methods}] ${url}${route.path}`;
    });
  return ['Functions:', '', ...lines.flatMap((line) => [line, ''])].join('\n').trimEnd();
}
