import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import { SEED_USAGE } from '../../../server-app/orders/parseSeedArgs.js';
import { runSeedCli } from '../../../server-app/orders/runSeedCli.js';

let azurite: RunningAzurite;

before(async () => {
  azurite = await startAzurite();
});

after(async () => {
  await azurite?.stop();
});

async function run(argv: string[], settings: Record<string, string>) {
  const lines: string[] = [];
  let clock = 0;
  const code = await runSeedCli({
    argv,
    settings,
    write: (line) => lines.push(line),
    now: () => (clock += 1250),
  });
  return { code, lines };
}

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
      lines: [`--orders must be an integer from 0 to 100000, got "many"\n${SEED_USAGE}`],
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
