import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseSeedArgs } from '../../../server-app/orders/parseSeedArgs.js';

describe('parseSeedArgs', () => {
  it('defaults to six partitions of varying size and the default seed', () => {
    assert.deepEqual(parseSeedArgs([]), {
      help: false,
      ifEmpty: false,
      partitions: 6,
      orders: undefined,
      seed: 'orders-daemon',
      azureCli: false,
    });
  });

  it('reads every option', () => {
    assert.deepEqual(
      parseSeedArgs([
        '--if-empty',
        '--partitions',
        '12',
        '--orders=0',
        '--seed',
        'demo',
        '--azure-cli',
        '-h',
      ]),
      { help: true, ifEmpty: true, partitions: 12, orders: 0, seed: 'demo', azureCli: true },
    );
  });

  it('names the bad argument', () => {
    const cases: [string[], string][] = [
      [['--partitions', '0'], '--partitions must be an integer from 1 to 12, got "0"'],
      [['--partitions', '2.5'], '--partitions must be an integer from 1 to 12, got "2.5"'],
      [['--orders', '100001'], '--orders must be an integer from 0 to 100000, got "100001"'],
      [['--seed', ''], '--seed must not be empty'],
    ];
    for (const [argv, message] of cases) {
      assert.throws(() => parseSeedArgs(argv), { name: 'TypeError', message }, argv.join(' '));
    }
    assert.throws(() => parseSeedArgs(['--force']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    assert.throws(() => parseSeedArgs(['emea']), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
  });
});
