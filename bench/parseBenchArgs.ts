import { parseArgs } from 'node:util';

import type { BenchSection } from './benchSections.js';

export type BenchArgs =
  { readonly help: true } | { readonly help: false; readonly sections: readonly BenchSection[] };

/** What `npm run bench -- --help` prints. */
export function benchUsage(sections: readonly BenchSection[]): string {
  const width = Math.max(...sections.map((s) => s.name.length));
  return [
    'Usage: npm run bench -- [section ...]',
    'Runs the named sections in order (all when none is named) and prints each figure next to',
    'its target. Exits 0 even when a target is MISSED; 1 only for a usage error.',
    '',
    'Sections:',
    ...sections.map((s) => `  ${s.name.padEnd(width)}  ${s.title}`),
  ].join('\n');
}

/**
 * Parses the bench CLI arguments: section names (any order, each once) or `--help`.
 *
 * @throws {TypeError} naming the unknown section or option, with the usage.
 */
export function parseBenchArgs(
  argv: readonly string[],
  sections: readonly BenchSection[],
): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new TypeError(`${(error as Error).message}\n${benchUsage(sections)}`, { cause: error });
  }
  if (parsed.values.help) return { help: true };
  const names = new Set(parsed.positionals);
  const unknown = [...names].filter((name) => !sections.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new TypeError(`Unknown section(s): ${unknown.join(', ')}\n${benchUsage(sections)}`);
  }
  return {
    help: false,
    sections: names.size === 0 ? sections : sections.filter((s) => names.has(s.name)),
  };
}
