import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startHost, type RunningHost } from '../../../local/host/startHost.js';
import { captureLog, type CapturedLog } from './captureLog.js';
import { fixtureAppDir } from './fixtureAppDir.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('startHost', () => {
  let host: RunningHost;
  let captured: CapturedLog;
  let tempDir: string;
  let hookLog: string;

  before(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'local-host-'));
    hookLog = path.join(tempDir, 'hooks.log');
    captured = captureLog();
    process.env.OVERRIDDEN = 'from the process environment';
    host = await startHost({
      appDir: fixtureAppDir('http-app'),
      port: 0,
      env: { HOOK_LOG: hookLog },
      log: captured.log,
      maxRequestBodyBytes: 64 * 1024,
    });
  });

  after(async () => {
    await host.stop();
    // appTerminate runs during stop(); it saw the appStart hook's hookData.
    assert.equal(await readFile(hookLog, 'utf8'), 'appStart\nappTerminate appStart\n');
    delete process.env.OVERRIDDEN;
    await rm(tempDir, { recursive: true, force: true });
  });

  const get = (route: string, init?: RequestInit) => fetch(`${host.url}${route}`, init);

  it('lists the registered HTTP routes under the route prefix', () => {
    assert.deepEqual(
      host.routes.map((r) => `${r.functionName} ${r.methods.join(',')} ${r.path}`),
      [
        'boom GET /api/boom',
        'createProduct POST /api/products',
        'echo GET,POST,PUT /api/echo/{*rest}',
        'getProduct GET /api/products/{id:int}',
        'hooked GET /api/hooked',
        'newProducts GET /api/products/new',
        'nothing GET /api/nothing',
        'page GET /api/pages/{slug:alpha}/{n:int?}',
        'productByName GET /api/products/{name}',
        'settings GET /api/settings',
      ],
    );
  });

  it('routes by literal, constraint and parameter precedence', async () => {
    assert.deepEqual(await (await get('/api/products/new')).json(), { by: 'literal' });
    assert.deepEqual(await (await get('/api/products/7')).json(), { by: 'id', id: 7 });
    assert.deepEqual(await (await get('/api/products/chair')).json(), {
      by: 'name',
      name: 'chair',
    });
    assert.deepEqual(await (await get('/api/pages/about')).json(), { slug: 'about' });
    assert.deepEqual(await (await get('/api/pages/about/3')).json(), { slug: 'about', n: '3' });
  });

  it('answers 404 for unknown routes and 405 for a known route with another method', async () => {
    const unknown = await get('/api/unknown');
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), '');
    assert.equal((await get('/products/7')).status, 404);
    assert.equal((await get('/api/pages/about1')).status, 404);
    const wrongMethod = await get('/api/products/7', { method: 'DELETE' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
  });

  it('passes query, repeated query values, headers, cookies and a catch-all param', async () => {
    const response = await get('/api/echo/a/b%20c?x=1&tag=one&tag=two', {
      headers: { 'x-custom': 'custom value', cookie: 'a=1; b=2' },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      method: 'GET',
      url: `${host.url}/api/echo/a/b%20c?x=1&tag=one&tag=two`,
      rest: 'a/b c',
      query: { x: '1', tag: 'two' },
      tags: ['one', 'two'],
      header: 'custom value',
      cookie: 'a=1; b=2',
      contentType: null,
      bodyBytes: [],
      bodyLength: 0,
    });
  });

  it('passes binary bodies through unchanged', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 2, 253, 3, 252, 4]);
    const response = await get('/api/echo', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const json = (await response.json()) as { bodyBytes: number[]; bodyLength: number };
    assert.deepEqual([json.bodyBytes, json.bodyLength], [[0, 255, 1, 254, 2, 253, 3, 252], 9]);
  });

  it('reads a JSON body and writes status, JSON, headers and cookies', async () => {
    const response = await get('/api/products', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'desk', price: 120 }),
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('location'), '/api/products/desk');
    assert.deepEqual(response.headers.getSetCookie(), [
      'session=abc123; Path=/; HttpOnly; SameSite=Lax',
    ]);
    assert.deepEqual(await response.json(), { name: 'desk', price: 120 });
    await captured.waitFor(/^info: \[createProduct\] Creating product desk$/);
  });

  it('answers 500 with an empty body when the handler throws, and logs the error', async () => {
    const response = await get('/api/boom');
    assert.equal(response.status, 500);
    assert.equal(await response.text(), '');
    const executed = await captured.waitFor(/Executed 'Functions\.boom' \(Failed/);
    assert.match(
      executed,
      new RegExp(`^error: Executed 'Functions\\.boom' \\(Failed, Id=${UUID}, Duration=\\d+ms\\)$`),
    );
    await captured.waitFor(
      /^error: Exception while executing function: Functions\.boom\. Error: secret internal detail/,
    );
    await captured.waitFor(/^error: \[boom\] about to fail$/);
  });

  it('answers 204 when an HTTP handler returns nothing', async () => {
    const response = await get('/api/nothing');
    assert.equal(response.status, 204);
  });

  it('answers 413 for a body over the cap', async () => {
    const response = await get('/api/echo', { method: 'POST', body: Buffer.alloc(70_000) });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('connection'), 'close');
  });

  it('refuses a second app in the same process while one runs', async () => {
    await assert.rejects(
      startHost({ appDir: fixtureAppDir('timer-app'), port: 0, log: () => {} }),
      {
        code: 'ERR_HOST_ALREADY_RUNNING',
      },
    );
  });

  it('applies local.settings.json under the process environment', async () => {
    assert.deepEqual(await (await get('/api/settings')).json(), {
      greeting: 'hello from local.settings.json',
      overridden: 'from the process environment',
    });
  });

  it('runs preInvocation and postInvocation hooks that change inputs and results', async () => {
    assert.deepEqual(await (await get('/api/hooked')).json(), {
      extra: ['added by preInvocation'],
      seenByPre: 'hooked',
    });
  });

  it('logs Executing and Executed lines with the same invocation id', async () => {
    await get('/api/products/new');
    const executing = captured.lines.filter((l) => l.includes("Executing 'Functions.newProducts'"));
    const id = new RegExp(
      `^info: Executing 'Functions\\.newProducts' \\(Reason='This function was programmatically called via the host APIs\\.', Id=(${UUID})\\)$`,
    ).exec(executing.at(-1) ?? '')?.[1];
    assert.ok(id, `no Executing line in ${executing.join('\n')}`);
    await captured.waitFor(
      new RegExp(
        `^info: Executed 'Functions\\.newProducts' \\(Succeeded, Id=${id}, Duration=\\d+ms\\)$`,
      ),
    );
  });

  it('runs appStart hooks at startup', async () => {
    assert.equal(await readFile(hookLog, 'utf8'), 'appStart\n');
  });
});
