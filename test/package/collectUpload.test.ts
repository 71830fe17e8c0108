import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import ignoreModule from 'ignore';

import { readAzdServices } from '../infra/support/azdServices.js';
import { REPO_ROOT } from '../support/repoRoot.js';
import { collectUpload, IGNORE_FILE } from './support/collectUpload.js';

const ignore = ignoreModule.default;

describe('collectUpload', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orders-upload-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = [
    'package.json',
    'src/app.ts',
    'src/local.settings.json',
    'src/Data.JSON',
    'src/test/keep.ts',
    'test/unit.ts',
    'dist/app.js',
    'node_modules/x/index.js',
    '.azure/env/.env',
    'nested/.azure/x',
    IGNORE_FILE,
  ];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }

  it('applies gitignore rules: anchoring, folders not entered, no re-include below them', () => {
    const rules = ['node_modules/', '/test/', 'dist/', '!dist/app.js', '*.json', '!package.json'];
    assert.deepEqual(collectUpload(dir, rules.join('\n')), [
      'package.json',
      'src/app.ts',
      'src/Data.JSON',
      'src/test/keep.ts',
    ]);
  });

  it('leaves out what azd always leaves out: .azure/, the ignore file and local.settings.json', () => {
    assert.deepEqual(collectUpload(dir, ''), [
      'dist/app.js',
      'node_modules/x/index.js',
      'package.json',
      'src/app.ts',
      'src/Data.JSON',
      'src/test/keep.ts',
      'test/unit.ts',
    ]);
  });
});

describe("the repository's .funcignore", () => {
  const rules = readFileSync(path.join(REPO_ROOT, IGNORE_FILE), 'utf8');
  const upload = collectUpload(REPO_ROOT);

  it('uploads the sources the remote build compiles, and nothing dev-only', () => {
    assert.deepEqual(
      [...new Set(upload.map((file) => file.split('/')[0]))],
      [
        'client-app',
        'functions.ts',
        'host.json',
        'package-lock.json',
        'package.json',
        'server-app',
        'shared',
        'tsconfig.json',
      ],
    );
    const unwanted = upload.filter(
      (file) =>
        /(^|\/)(node_modules|dist|\.azure|\.azurite|\.local)\//.test(file) ||
        /(^|\/)local\.settings(\.sample)?\.json$/.test(file),
    );
    assert.deepEqual(unwanted, []);
  });

  it('agrees with azure.yaml as azd requires: remoteBuild: true needs node_modules left out', () => {
    // azd's own check (cli/azd/pkg/project/service_target_functionapp.go,
    // resolveFunctionAppRemoteBuild): remoteBuild true with node_modules uploaded is an error,
    // and so is remoteBuild false with it left out.
    const nodeModulesExcluded = ignore({ ignorecase: false }).add(rules).ignores('node_modules/');
    const services = readAzdServices(readFileSync(path.join(REPO_ROOT, 'azure.yaml'), 'utf8'));
    for (const [name, service] of services) {
      assert.equal(service.remoteBuild, 'true', `${name} builds remotely`);
      assert.equal(service.project, '.', `${name} uploads the repository root`);
    }
    assert.ok(nodeModulesExcluded, `${IGNORE_FILE} must leave out node_modules`);
  });
});
