import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RegisteredFunction } from '../../../../local/host/contracts.js';
import { createRouter, type RouteMatch } from '../../../../local/host/http/createRouter.js';

function httpFunction(name: string, route?: string, methods?: string[]): RegisteredFunction {
  return {
    name,
    bindings: {
      trigger: {
        type: 'httpTrigger',
        direction: 'in',
        ...(route ? { route } : {}),
        ...(methods ? { methods } : {}),
      },
      $return: { type: 'http', direction: 'out' },
    },
    handler: () => undefined,
  };
}

const functions: RegisteredFunction[] = [
  httpFunction('getProduct', 'products/{id:int}', ['GET']),
  httpFunction('productByName', 'products/{name}', ['GET']),
  httpFunction('newProducts', 'products/new', ['GET']),
  httpFunction('createProduct', 'products', ['POST']),
  httpFunction('page', 'pages/{slug:alpha}/{n:int?}', ['GET']),
  httpFunction('files', 'files/{*path}', ['GET']),
  httpFunction('download', 'download/{name}.{ext:length(3)}', ['GET']),
  httpFunction('withDefault', 'reports/{year:int=2026}', ['GET']),
  httpFunction('byGuid', 'items/{id:guid}'),
  httpFunction('health'),
  {
    name: 'tick',
    bindings: { t: { type: 'timerTrigger', direction: 'in' as const } },
    handler: () => 1,
  },
];

function found(match: RouteMatch): [string, Record<string, string>] | RouteMatch {
  return match.kind === 'found' ? [match.fn.name, match.params] : match;
}

describe('createRouter', () => {
  const router = createRouter(functions, 'api');

  it('lists HTTP routes with the prefix, by function name', () => {
    assert.deepEqual(
      router.routes.map((r) => [r.functionName, r.path, r.methods.join(',')]),
      [
        ['byGuid', '/api/items/{id:guid}', ''],
        ['createProduct', '/api/products', 'POST'],
        ['download', '/api/download/{name}.{ext:length(3)}', 'GET'],
        ['files', '/api/files/{*path}', 'GET'],
        ['getProduct', '/api/products/{id:int}', 'GET'],
        ['health', '/api/health', ''],
        ['newProducts', '/api/products/new', 'GET'],
        ['page', '/api/pages/{slug:alpha}/{n:int?}', 'GET'],
        ['productByName', '/api/products/{name}', 'GET'],
        ['withDefault', '/api/reports/{year:int=2026}', 'GET'],
      ],
    );
  });

  it('prefers literal routes, then constrained parameters, then plain ones', () => {
    assert.deepEqual(found(router.match('GET', '/api/products/new')), ['newProducts', {}]);
    assert.deepEqual(found(router.match('GET', '/api/products/42')), ['getProduct', { id: '42' }]);
    assert.deepEqual(found(router.match('GET', '/api/Products/caf%C3%A9')), [
      'productByName',
      { name: 'café' },
    ]);
  });

  it('defaults the route to the function name and matches it case-insensitively', () => {
    assert.deepEqual(found(router.match('DELETE', '/API/Health/')), ['health', {}]);
  });

  it('handles optional, default, catch-all, complex and guid parameters', () => {
    assert.deepEqual(found(router.match('GET', '/api/pages/about')), ['page', { slug: 'about' }]);
    assert.deepEqual(found(router.match('GET', '/api/pages/about/2')), [
      'page',
      { slug: 'about', n: '2' },
    ]);
    assert.deepEqual(found(router.match('GET', '/api/pages/ab1')), { kind: 'notFound' });
    assert.deepEqual(found(router.match('GET', '/api/reports')), ['withDefault', { year: '2026' }]);
    assert.deepEqual(found(router.match('GET', '/api/files/a/b%20c.txt')), [
      'files',
      { path: 'a/b c.txt' },
    ]);
    assert.deepEqual(found(router.match('GET', '/api/files')), ['files', {}]);
    assert.deepEqual(found(router.match('GET', '/api/download/report.pdf')), [
      'download',
      { name: 'report', ext: 'pdf' },
    ]);
    assert.deepEqual(found(router.match('GET', '/api/download/report.docx')), { kind: 'notFound' });
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    assert.deepEqual(found(router.match('PUT', `/api/items/${id}`)), ['byGuid', { id }]);
    assert.deepEqual(found(router.match('PUT', '/api/items/42')), { kind: 'notFound' });
  });

  it('rejects int values outside Int32 and non-numbers', () => {
    assert.deepEqual(found(router.match('GET', '/api/products/2147483648')), [
      'productByName',
      { name: '2147483648' },
    ]);
  });

  it('tells 405 (route exists, method does not) from 404', () => {
    assert.deepEqual(router.match('DELETE', '/api/products/42'), {
      kind: 'methodNotAllowed',
      allowed: ['GET'],
    });
    assert.deepEqual(router.match('GET', '/api/nothing'), { kind: 'notFound' });
    assert.deepEqual(router.match('GET', '/health'), { kind: 'notFound' });
  });

  it('serves routes at the root with an empty prefix', () => {
    const root = createRouter(functions, '');
    assert.deepEqual(found(root.match('GET', '/health')), ['health', {}]);
    assert.equal(root.routes.find((r) => r.functionName === 'health')?.path, '/health');
  });

  it('fails naming the function for a malformed route or unknown constraint', () => {
    assert.throws(() => createRouter([httpFunction('bad', 'a/{id:integer}')], 'api'), {
      code: 'ERR_HOST_INVALID_ROUTE',
      message:
        'Function "bad" has an invalid route "a/{id:integer}": unknown route constraint "integer".',
    });
    assert.throws(() => createRouter([httpFunction('bad', 'a/{*rest}/b')], 'api'), {
      code: 'ERR_HOST_INVALID_ROUTE',
      message:
        'Function "bad" has an invalid route "a/{*rest}/b": catch-all "{*rest}" must be the whole last segment.',
    });
  });
});
