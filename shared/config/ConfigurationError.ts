/** One setting that is missing or malformed, and what it should look like. */
export interface SettingProblem {
  readonly setting: string;
  readonly problem: string;
}

/**
 * Thrown at startup when settings are missing or malformed. The message names every offending
 * setting so the app fails once, with everything the operator has to fix.
 */
export class ConfigurationError extends Error {
  readonly code = 'ERR_CONFIGURATION';
  readonly problems: readonly SettingProblem[];

  constructor(problems: readonly SettingProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.setting}: ${p.problem}`).join('\n')}`,
    );
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
}
