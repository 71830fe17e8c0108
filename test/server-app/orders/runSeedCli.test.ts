import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import { generateOrders } from '../../../server-app/orders/generateOrders.js';
import { createOrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { SEED_USAGE } from '../../../server-app/orders/parseSeedArgs.js';
import { runSeedCli } from '../../../server-app/orders/runSeedCli.js';
import { seededRandom } from '../../../server-app/orders/seededRandom.js';
import { createAzureOrdersTable } from '../../../server-app/orders/table/createAzureOrdersTable.js';
import { createTableClient } from '../../../shared/storage/createTableClient.js';
import { writeAsBeforeTheIndex } from './writeAsBeforeTheIndex.js';

let azurite: RunningAzurite;

before(async () => {
  azurite = await startAzurite();
});

after(async () => {
  await azurite?.stop();
});

/** Runs the CLI with a clock that reads 0 at the start and 1.25 s at every later look. */
async function run(argv: string[], settings: Record<string, string>, tick = () => 1250) {
  const lines: string[] = [];
  let looks = 0;
  const code = await runSeedCli({
    argv,
    settings,
    write: (line) => lines.push(line),
    now: () => (looks++ === 0 ? 0 : tick()),
    clock: () => TOUCHED_AT,
    random: seededRandom('cli-touch'),
  });
  return { code, lines };
}

const TOUCHED_AT = new Date('2026-12-02T05:00:00.000Z');
const tableSettings = (table: string) => ({
  ORDERS_STORAGE: azurite.connectionString,
  ORDERS_TABLE_NAME: table,
});
const tableOf = (table: string) =>
  createTableClient(
    {
      kind: 'connectionString',
      name: 'ORDERS_STORAGE',
      connectionString: azurite.connectionString,
    },
    table,
  );

describe('runSeedCli', () => {
  it('seeds an empty table with --if-empty, then leaves it alone', async () => {
    const settings = { ORDERS_STORAGE: azurite.connectionString, ORDERS_TABLE_NAME: 'cli' };
    assert.deepEqual(await run(['--if-empty', '--partitions', '2', '--orders', '30'], settings), {
      code: 0,
      lines: [
        'Seeded 60 orders in 2 partitions (emea 30, amer-east 30) into table "cli" in 1.3 s.',
      ],
    });
    assert.deepEqual(await run(['--if-empty'], settings), {
      code: 0,
      lines: ['Table "cli" already holds 2 partitions; nothing seeded (--if-empty).'],
    });
  });

  it('answers a usage error with exit code 2 and the usage', async () => {
    assert.deepEqual(await run(['--orders', 'many'], {}), {
      code: 2,
      lines: [`--orders must be an integer from 0 to 1000000, got "many"\n${SEED_USAGE}`],
    });
  });

  it('prints progress of a large seed at most every 3 s, then the one line', async () => {
    let at = 0;
    const { code, lines } = await run(
      ['--partitions', '1', '--orders', '200'],
      tableSettings('progress'),
      () => (at += 1000),
    );
    assert.equal(code, 0);
    // 7 transactions, one look at the clock after each: 1 s … 7 s, then 8 s for the total.
    assert.equal(lines.length, 3, lines.join('\n'));
    for (const line of lines.slice(0, 2))
      assert.match(line, /^ {2}seeding emea: \d+\/200 orders…$/);
    assert.equal(
      lines[2],
      'Seeded 200 orders in 1 partitions (emea 200) into table "progress" in 8.0 s.',
    );
  });

  it('touches N orders of each partition, which the next delta then returns', async () => {
    const settings = tableSettings('touched');
    await run(['--partitions', '2', '--orders', '30'], settings);
    assert.deepEqual(await run(['--touch', '5', '--partitions', '2'], settings), {
      code: 0,
      lines: ['Touched 10 orders in 2 partitions (emea 5, amer-east 5) in 1.3 s.'],
    });
    const store = createOrdersStore(tableOf('touched'));
    for (const partition of ['emea', 'amer-east']) {
      const delta = await store.listPage({ partition, top: 100, since: TOUCHED_AT });
      assert.equal(delta.items.length, 5);
      assert.ok(delta.items.every((order) => order.updatedAt === TOUCHED_AT.toISOString()));
    }
  });

  it('reindexes a table written before the change index, in one line with counts', async () => {
    const table = createAzureOrdersTable(tableOf('legacy'));
    const end = new Date('2026-11-01T00:00:00.000Z');
    for (const [partition, count] of [
      ['emea', 30],
      ['amer-east', 40],
    ] as const) {
      const orders = generateOrders({ partition, count, seed: 'legacy', endAt: end });
      await writeAsBeforeTheIndex(table, partition, orders);
    }
    const settings = tableSettings('legacy');
    assert.deepEqual(await run(['--reindex'], settings), {
      code: 0,
      lines: [
        'Reindexed 70 orders in 2 partitions (amer-east 40, emea 30) of table "legacy" in 1.3 s: 70 index rows written, 0 stale rows removed.',
      ],
    });
    assert.deepEqual(await run(['--reindex'], settings), {
      code: 0,
      lines: [
        'Reindexed 70 orders in 2 partitions (amer-east 40, emea 30) of table "legacy" in 1.3 s: 0 index rows written, 0 stale rows removed.',
      ],
    });
    await createAzureOrdersTable(tableOf('emptyone')).createTable();
    assert.deepEqual(await run(['--reindex'], tableSettings('emptyone')), {
      code: 0,
      lines: ['Table "emptyone" lists no partitions; nothing to reindex.'],
    });
  });

  it('names the failing step and the missing table with exit code 1', async () => {
    assert.deepEqual(await run(['--touch', '3'], tableSettings('nosuch')), {
      code: 1,
      lines: [
        'Touching orders failed: Table "nosuch" does not exist (could not read partition "emea"): run "npm run seed" locally, or provision it',
      ],
    });
  });

  it('names every bad setting with exit code 1', async () => {
    assert.deepEqual(await run([], { ORDERS_TABLE_NAME: 'x' }), {
      code: 1,
      lines: [
        'Invalid configuration:\n' +
          '  - ORDERS_TABLE_NAME: must be a table name: 3 to 63 letters or digits, starting with a letter\n' +
          '  - ORDERS_STORAGE: required: a storage connection string (locally "UseDevelopmentStorage=true" for Azurite), or ORDERS_STORAGE__tableServiceUri / ORDERS_STORAGE__blobServiceUri for managed identity',
      ],
    });
  });

  it('prints the usage for --help', async () => {
    assert.deepEqual(await run(['--help'], {}), { code: 0, lines: [SEED_USAGE] });
  });

  it('refuses --azure-cli with a connection string, naming the setting to use', async () => {
    assert.deepEqual(await run(['--azure-cli'], { ORDERS_STORAGE: azurite.connectionString }), {
      code: 2,
      lines: [
        '--azure-cli signs in to a storage account: set ORDERS_STORAGE__tableServiceUri (and no ORDERS_STORAGE connection string)',
      ],
    });
  });

  it('reaches a storage account with the Azure CLI credential under --azure-cli', async () => {
    const asked: string[][] = [];
    const lines: string[] = [];
    const code = await runSeedCli({
      argv: ['--azure-cli', '--if-empty'],
      settings: { ORDERS_STORAGE__tableServiceUri: 'https://127.0.0.1:1/devstoreaccount1' },
      write: (line) => lines.push(line),
      cliCredential: () => ({
        getToken: (scopes) => {
          asked.push([scopes].flat());
          return Promise.reject(new Error('Please run "az login" to set up an account.'));
        },
      }),
    });
    assert.equal(code, 1);
    assert.deepEqual(asked, [['https://storage.azure.com/.default']]);
    assert.match(lines.join('\n'), /^Seeding failed: .*az login/);
  });
});
