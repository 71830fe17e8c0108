import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseSeedArgs } from '../../../server-app/orders/parseSeedArgs.js';

describe('parseSeedArgs', () => {
  it('defaults to seeding six partitions of varying size with the default seed', () => {
    assert.deepEqual(parseSeedArgs([]), {
      help: false,
      azureCli: false,
      command: {
        kind: 'seed',
        ifEmpty: false,
        partitions: 6,
        orders: undefined,
        seed: 'orders-daemon',
      },
    });
  });

  it('reads every seeding option, up to a million orders per partition', () => {
    assert.deepEqual(
      parseSeedArgs([
        '--if-empty',
        '--partitions',
        '12',
        '--orders=1000000',
        '--seed',
        'demo',
        '--azure-cli',
        '-h',
      ]),
      {
        help: true,
        azureCli: true,
        command: { kind: 'seed', ifEmpty: true, partitions: 12, orders: 1_000_000, seed: 'demo' },
      },
    );
  });

  it('reads --touch with the partitions to touch', () => {
    assert.deepEqual(parseSeedArgs(['--touch', '10']), {
      help: false,
      azureCli: false,
      command: { kind: 'touch', partitions: 6, count: 10 },
    });
    assert.deepEqual(parseSeedArgs(['--touch=5', '--partitions', '2', '--azure-cli']), {
      help: false,
      azureCli: true,
      command: { kind: 'touch', partitions: 2, count: 5 },
    });
  });

  it('reads --reindex', () => {
    assert.deepEqual(parseSeedArgs(['--reindex']), {
      help: false,
      azureCli: false,
      command: { kind: 'reindex' },
    });
  });

  it('names the bad argument', () => {
    const cases: [string[], string][] = [
      [['--partitions', '0'], '--partitions must be an integer from 1 to 12, got "0"'],
      [['--partitions', '2.5'], '--partitions must be an integer from 1 to 12, got "2.5"'],
      [['--orders', '1000001'], '--orders must be an integer from 0 to 1000000, got "1000001"'],
      [['--seed', ''], '--seed must not be empty'],
      [['--touch', '0'], '--touch must be an integer from 1 to 100000, got "0"'],
      [['--touch', '5', '--orders', '3'], '--touch cannot be combined with --orders'],
      [['--touch', '5', '--if-empty'], '--touch cannot be combined with --if-empty'],
      [['--touch', '5', '--seed', ''], '--touch cannot be combined with --seed'],
      [['--reindex', '--touch', '5'], '--reindex cannot be combined with --touch'],
      [['--reindex', '--partitions', '2'], '--reindex cannot be combined with --partitions'],
      [['--reindex', '--orders', '2'], '--reindex cannot be combined with --orders'],
    ];
    for (const [argv, message] of cases) {
      assert.throws(() => parseSeedArgs(argv), { name: 'TypeError', message }, argv.join(' '));
    }
    assert.throws(() => parseSeedArgs(['--force']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    assert.throws(() => parseSeedArgs(['emea']), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
  });
});
