import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  interpolate,
  listResources,
  readArrayValue,
  readDeclarationValue,
  readExportedStrings,
  readImports,
  readModule,
  readResource,
  readObjectOutput,
  readObjectValue,
  readParam,
  skipNested,
  stringLiteral,
} from './bicepText.js';

describe('readObjectOutput', () => {
  it('splits the top-level properties, skipping braces in strings, interpolations and comments', () => {
    const text = [
      "import { a } from 'names.bicep'",
      '// output appSettings object = { decoy: 1 }',
      'output appSettings object = {',
      '  PLAIN: a',
      "  'QUOTED-KEY': 'x}{y'",
      "  INTERPOLATED: 'ClientId=${join(['}'], '')};Authorization=AAD' // a } comment",
      '  /* block { comment */ NESTED: {',
      '    inner: [1, 2]',
      '  }',
      "  MULTI: '''",
      "  a } b '''",
      '}',
      'output other string = "ignored"',
    ].join('\n');
    assert.deepEqual(readObjectOutput(text, 'appSettings'), [
      { key: 'PLAIN', value: 'a' },
      { key: 'QUOTED-KEY', value: "'x}{y'" },
      { key: 'INTERPOLATED', value: "'ClientId=${join(['}'], '')};Authorization=AAD'" },
      { key: 'NESTED', value: '{\n    inner: [1, 2]\n  }' },
      { key: 'MULTI', value: "'''\n  a } b '''" },
    ]);
  });

  it('names the output it cannot find', () => {
    assert.throws(() => readObjectOutput('output x string = 1', 'appSettings'), {
      message: 'no "output appSettings object = {" found',
    });
  });

  it('refuses a line that is not a property, such as a split ternary', () => {
    assert.throws(
      () => readObjectOutput("output s object = {\n  A: b\n    ? 'x'\n    : 'y'\n}", 's'),
      {
        name: 'SyntaxError',
        message: "not an object property: ? 'x'",
      },
    );
  });
});

describe('skipNested', () => {
  it('refuses an unbalanced bracket', () => {
    assert.throws(() => skipNested('{ a: [1 }', 0), {
      name: 'SyntaxError',
      message: 'unbalanced bracket at 0',
    });
  });
});

describe('readModule', () => {
  it('reads the source and properties of a plain or conditional module', () => {
    const text = [
      "module plain 'app/x.bicep' = {",
      "  name: 'plain'",
      '  params: {',
      '    p: 1',
      '  }',
      '}',
      "module maybe 'br/public:avm/res/web/site:0.23.0' = if (enabled) {",
      "  name: 'maybe'",
      '}',
    ].join('\n');
    const plain = readModule(text, 'plain');
    assert.equal(plain.source, 'app/x.bicep');
    assert.deepEqual(readObjectValue(plain.properties[1]?.value ?? ''), [{ key: 'p', value: '1' }]);
    assert.deepEqual(readModule(text, 'maybe'), {
      source: 'br/public:avm/res/web/site:0.23.0',
      properties: [{ key: 'name', value: "'maybe'" }],
    });
  });
});

describe('stringLiteral', () => {
  it('reads a plain literal and refuses interpolations and expressions', () => {
    assert.equal(stringLiteral("'it\\'s'"), "it's");
    assert.equal(stringLiteral("'https://${host}'"), undefined);
    assert.equal(stringLiteral('identityClientId'), undefined);
  });
});

describe('readExportedStrings', () => {
  it('reads exported string variables, with or without a description', () => {
    const text = [
      '@export()',
      "@description('The role\\'s value.')",
      "var role = 'Orders.Read'",
      '@export()',
      "var app = 'server'",
      "var hidden = 'not exported'",
      '@export()',
      'var computed = toLower(app)',
    ].join('\n');
    assert.deepEqual(
      [...readExportedStrings(text)],
      [
        ['role', 'Orders.Read'],
        ['app', 'server'],
      ],
    );
  });
});

describe('readImports', () => {
  it('lists the names imported from one file', () => {
    const text = "import { b, a } from '../names.bicep'\nimport { c } from 'other.bicep'";
    assert.deepEqual(readImports(text, '../names.bicep'), ['b', 'a']);
    assert.deepEqual(readImports(text, 'missing.bicep'), []);
  });
});

describe('readArrayValue', () => {
  it('splits items on newlines or commas, keeping nested objects and strings whole', () => {
    assert.deepEqual(readArrayValue("['a, b', c]"), ["'a, b'", 'c']);
    assert.deepEqual(
      readArrayValue('[\n  {\n    name: x\n  }\n  // a, comment\n  {\n    name: y\n  }\n]'),
      ['{\n    name: x\n  }', '{\n    name: y\n  }'],
    );
    assert.deepEqual(readArrayValue('[]'), []);
  });

  it('refuses a value that is not an array literal', () => {
    assert.throws(() => readArrayValue('{ a: 1 }'), { message: 'not an array literal: { a: 1 }' });
  });
});

describe('readResource and listResources', () => {
  const text = [
    "resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {",
    '  name: accountName',
    '}',
    "resource policy 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {",
    "  name: 'default'",
    '  parent: account',
    '}',
    "resource maybe 'Microsoft.Web/sites/config@2024-04-01' = if (enabled) {",
    "  name: 'web'",
    '}',
  ].join('\n');

  it('reads the type, existing and properties of a resource', () => {
    assert.deepEqual(readResource(text, 'account'), {
      type: 'Microsoft.Storage/storageAccounts@2024-01-01',
      existing: true,
      properties: [{ key: 'name', value: 'accountName' }],
    });
    assert.deepEqual(readResource(text, 'policy'), {
      type: 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01',
      existing: false,
      properties: [
        { key: 'name', value: "'default'" },
        { key: 'parent', value: 'account' },
      ],
    });
    assert.equal(readResource(text, 'maybe').type, 'Microsoft.Web/sites/config@2024-04-01');
    assert.throws(() => readResource(text, 'missing'), { message: 'no resource "missing" found' });
  });

  it('lists every resource with its type', () => {
    assert.deepEqual(
      listResources(text).map((r) => r.symbol),
      ['account', 'policy', 'maybe'],
    );
  });
});

describe('interpolate', () => {
  const names = new Map([
    ['container', 'orders-sync'],
    ['prefix', 'runs/'],
  ]);

  it('replaces plain-name interpolations', () => {
    assert.equal(
      interpolate("'${container}/${ prefix }'", (n) => names.get(n)),
      'orders-sync/runs/',
    );
    assert.equal(
      interpolate("'plain'", () => undefined),
      'plain',
    );
  });

  it('refuses an unknown name, an expression or a non-string', () => {
    assert.throws(() => interpolate("'${other}/'", (n) => names.get(n)), {
      message: "cannot resolve ${other} in '${other}/'",
    });
    assert.throws(() => interpolate("'${toLower(container)}'", (n) => names.get(n)), {
      message: "cannot resolve ${toLower(container)} in '${toLower(container)}'",
    });
    assert.throws(() => interpolate('container', (n) => names.get(n)), {
      message: 'not a string literal: container',
    });
  });
});

describe('readDeclarationValue', () => {
  const text = [
    'var literal = {',
    "  a: 'x}'",
    '}',
    "var list = ['a', 'b']",
    'output settings object = enabled',
    '  ? union(literal, other)',
    '  : literal',
    '',
    'output next string = literal.a',
  ].join('\n');

  it('reads a literal to its closing bracket and an expression to the next blank line', () => {
    assert.equal(readDeclarationValue(text, 'var', 'literal'), "{\n  a: 'x}'\n}");
    assert.equal(readDeclarationValue(text, 'var', 'list'), "['a', 'b']");
    assert.equal(
      readDeclarationValue(text, 'output', 'settings'),
      'enabled ? union(literal, other) : literal',
    );
    assert.equal(readDeclarationValue(text, 'output', 'next'), 'literal.a');
  });

  it('names the declaration it cannot find', () => {
    assert.throws(() => readDeclarationValue(text, 'var', 'missing'), {
      message: 'no var "missing" found',
    });
  });
});

describe('readParam', () => {
  const text = [
    "param first string = 'x'",
    '',
    "@description('Choice.')",
    '@allowed([',
    "  'A'",
    "  'B'",
    '])',
    "param choice string = 'A'",
    '',
    '@minValue(1)',
    'param count int',
  ].join('\n');

  it('reads the type, default and allowed values', () => {
    assert.deepEqual(readParam(text, 'choice'), {
      type: 'string',
      defaultValue: "'A'",
      allowed: ["'A'", "'B'"],
    });
    assert.deepEqual(readParam(text, 'count'), {
      type: 'int',
      defaultValue: undefined,
      allowed: undefined,
    });
    assert.throws(() => readParam(text, 'missing'), { message: 'no param "missing" found' });
  });
});
