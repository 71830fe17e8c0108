import os from 'node:os';

import { DurableEngineError } from './DurableEngineError.js';

/** The host.json `extensions.durableTask` settings the local engine uses, defaults applied. */
export interface DurableTaskConfig {
  /** Task hub name. Default `TestHubName` (the extension's default outside Azure). */
  readonly hubName: string;
  /** Activities run at once. Default 10 × processors, as the extension. */
  readonly maxConcurrentActivityFunctions: number;
  /** `AnyState` (default) replaces an existing instance on start; `NonRunningStates` refuses while it runs. */
  readonly overridableExistingInstanceStates: 'AnyState' | 'NonRunningStates';
}

/**
 * Validates `extensions.durableTask` from host.json.
 *
 * @throws {DurableEngineError} `ERR_DURABLE_CONFIG` naming the offending setting.
 */
export function readDurableTaskConfig(raw: Readonly<Record<string, unknown>>): DurableTaskConfig {
  const fail = (setting: string, must: string): never => {
    throw new DurableEngineError(
      'ERR_DURABLE_CONFIG',
      `host.json extensions.durableTask.${setting} must be ${must}; got ${JSON.stringify(raw[setting])}.`,
    );
  };
  const hubName = raw['hubName'] ?? 'TestHubName';
  if (typeof hubName !== 'string' || !/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(hubName)) {
    fail('hubName', '3–45 letters and digits, starting with a letter');
  }
  const max = raw['maxConcurrentActivityFunctions'] ?? 10 * os.availableParallelism();
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    fail('maxConcurrentActivityFunctions', 'a positive integer');
  }
  const states = raw['overridableExistingInstanceStates'] ?? 'AnyState';
  if (states !== 'AnyState' && states !== 'NonRunningStates') {
    fail('overridableExistingInstanceStates', '"AnyState" or "NonRunningStates"');
  }
  return {
    hubName: hubName as string,
    maxConcurrentActivityFunctions: max as number,
    overridableExistingInstanceStates:
      states as DurableTaskConfig['overridableExistingInstanceStates'],
  };
}
