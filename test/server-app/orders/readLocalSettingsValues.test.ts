import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { readLocalSettingsValues } from '../../../server-app/orders/readLocalSettingsValues.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'local-settings-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const full = path.join(dir, name);
  await writeFile(full, content);
  return full;
}

describe('readLocalSettingsValues', () => {
  it('returns the string Values', async () => {
    const settings = await file(
      'ok.json',
      JSON.stringify({
        IsEncrypted: false,
        Values: { ORDERS_STORAGE: 'UseDevelopmentStorage=true', PORT: 7071 },
      }),
    );
    assert.deepEqual(await readLocalSettingsValues(settings), {
      ORDERS_STORAGE: 'UseDevelopmentStorage=true',
    });
  });

  it('returns nothing for a missing file or one without Values', async () => {
    assert.deepEqual(await readLocalSettingsValues(path.join(dir, 'missing.json')), {});
    assert.deepEqual(await readLocalSettingsValues(await file('empty.json', '{}')), {});
  });

  it('names the file when it is not usable', async () => {
    const broken = await file('broken.json', '{ "Values": ');
    await assert.rejects(readLocalSettingsValues(broken), {
      message: `${broken} is not valid JSON`,
    });
    const wrong = await file('wrong.json', '{ "Values": ["a"] }');
    await assert.rejects(readLocalSettingsValues(wrong), {
      message: `${wrong}: "Values" must be an object of setting names to strings`,
    });
  });
});
