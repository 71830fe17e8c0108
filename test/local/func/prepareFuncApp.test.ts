import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { prepareFuncApp } from '../../../local/func/prepareFuncApp.js';

describe('prepareFuncApp', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'orders-func-'));
    mkdirSync(path.join(root, 'dist'));
    mkdirSync(path.join(root, 'node_modules'));
    mkdirSync(path.join(root, 'client-app'));
    writeFileSync(path.join(root, 'host.json'), '{"version":"2.0"}');
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'orders-daemon', main: 'dist/functions.js' }),
    );
    writeFileSync(
      path.join(root, 'client-app', 'local.settings.sample.json'),
      JSON.stringify({
        Values: {
          ORDERS_APP: 'client',
          NODE_EXTRA_CA_CERTS: '.local/identity/ca.pem',
          AZURE_CLIENT_CERTIFICATE_PATH: '/abs/client.pem',
        },
        Host: { LocalHttpPort: 7071 },
      }),
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives the app a folder of its own with the shared build and its own settings', () => {
    const app = prepareFuncApp(root, 'client');
    assert.deepEqual(app, {
      dir: path.join(root, '.local', 'func', 'client'),
      port: 7071,
      settingsSource: path.join('client-app', 'local.settings.sample.json'),
    });
    assert.equal(readFileSync(path.join(app.dir, 'host.json'), 'utf8'), '{"version":"2.0"}');
    assert.deepEqual(JSON.parse(readFileSync(path.join(app.dir, 'package.json'), 'utf8')), {
      name: 'orders-daemon-client',
      type: 'module',
      main: 'dist/functions.js',
    });
    assert.ok(lstatSync(path.join(app.dir, 'dist')).isSymbolicLink());
    assert.equal(realpathSync(path.join(app.dir, 'dist')), realpathSync(path.join(root, 'dist')));
    assert.deepEqual(JSON.parse(readFileSync(path.join(app.dir, 'local.settings.json'), 'utf8')), {
      Values: {
        ORDERS_APP: 'client',
        NODE_EXTRA_CA_CERTS: path.join(root, '.local/identity/ca.pem'),
        AZURE_CLIENT_CERTIFICATE_PATH: '/abs/client.pem',
      },
      Host: { LocalHttpPort: 7071 },
      IsEncrypted: false,
    });
  });

  it("prefers the app's own local.settings.json over the sample", () => {
    writeFileSync(
      path.join(root, 'client-app', 'local.settings.json'),
      JSON.stringify({ Values: { ORDERS_APP: 'client' }, Host: { LocalHttpPort: 7171 } }),
    );
    const app = prepareFuncApp(root, 'client');
    assert.equal(app.port, 7171);
    assert.equal(app.settingsSource, path.join('client-app', 'local.settings.json'));
  });

  it('names a malformed local.settings.json and the fix instead of throwing a parser stack', () => {
    const file = path.join(root, 'client-app', 'local.settings.json');
    writeFileSync(file, '{ "Values": { "ORDERS_APP": "client", } }');
    assert.throws(
      () => prepareFuncApp(root, 'client'),
      (error: unknown) =>
        error instanceof Error &&
        error.message.startsWith(
          `${path.join('client-app', 'local.settings.json')} is not valid JSON (`,
        ) &&
        error.message.endsWith('fix it, or delete it to use the sample'),
    );
    writeFileSync(file, JSON.stringify({ Values: { ORDERS_SYNC_ATTEMPTS: 3 } }));
    assert.throws(
      () => prepareFuncApp(root, 'client'),
      /"Values" must map setting names to strings/,
    );
    rmSync(file);
  });
});
