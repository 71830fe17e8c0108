import { ConfigurationError, type SettingProblem } from './ConfigurationError.js';

type Readers<T> = { readonly [K in keyof T]: () => T[K] };

/**
 * Runs several settings readers and fails once with every problem from all of them, so an
 * operator fixing a new app sees the whole list at the first start, not one setting per restart.
 */
export function readAllSettings<T extends Record<string, unknown>>(readers: Readers<T>): T {
  const problems: SettingProblem[] = [];
  const values: Partial<T> = {};
  for (const key of Object.keys(readers) as (keyof T)[]) {
    try {
      values[key] = readers[key]();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return values as T;
}
