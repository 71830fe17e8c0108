import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startHost, type RunningHost } from '../../../local/host/startHost.js';
import { captureLog, type CapturedLog } from './captureLog.js';
import { ManualClock } from './ManualClock.js';
import { fixtureAppDir } from './fixtureAppDir.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('startHost', () => {
  describe('with an HTTP app', () => {
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
        env: {
          HOOK_LOG: hookLog,
          'AzureFunctionsJobHost__logging__logLevel__Function.nothing': 'Warning',
        },
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
          'lateRegistration GET /api/lateRegistration',
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
        new RegExp(
          `^error: Executed 'Functions\\.boom' \\(Failed, Id=${UUID}, Duration=\\d+ms\\)$`,
        ),
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

    it('runs a second app beside it: app code lives in each host worker process', async () => {
      const second = await startHost({
        appDir: fixtureAppDir('timer-app'),
        port: 0,
        log: () => {},
      });
      try {
        assert.equal(await (await fetch(`${second.url}/ping`)).text(), 'pong');
        assert.deepEqual(await (await get('/api/products/new')).json(), { by: 'literal' });
      } finally {
        await second.stop();
      }
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
      const executing = captured.lines.filter((l) =>
        l.includes("Executing 'Functions.newProducts'"),
      );
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

    it('keeps the lines of a function whose category logs at Warning out of the log', async () => {
      assert.equal((await get('/api/nothing')).status, 204);
      await get('/api/products/new');
      await captured.waitFor(/^info: Executed 'Functions\.newProducts'/);
      assert.deepEqual(
        captured.lines.filter((l) => l.includes("'Functions.nothing'")),
        [],
      );
    });

    it('refuses functions registered after startup', async () => {
      assert.deepEqual(await (await get('/api/lateRegistration')).json(), {
        code: 'ERR_HOST_REGISTRATION_CLOSED',
      });
    });

    it('runs appStart hooks at startup', async () => {
      assert.equal(await readFile(hookLog, 'utf8'), 'appStart\n');
    });
  });

  describe('with a timer app', () => {
    let host: RunningHost;
    let captured: CapturedLog;
    const clock = new ManualClock('2026-03-13T01:59:00Z');

    before(async () => {
      captured = captureLog();
      host = await startHost({
        appDir: fixtureAppDir('timer-app'),
        port: 0,
        clock,
        log: captured.log,
      });
    });

    after(() => host.stop());

    it('serves routes at the root with an empty routePrefix', async () => {
      assert.equal(await (await fetch(`${host.url}/ping`)).text(), 'pong');
    });

    it('fires runOnStartup timers once at start with a timer argument', async () => {
      await captured.waitFor(
        /^info: \[warmup\] warmup ran; timer=\{"schedule":\{"adjustForDST":true\},"scheduleStatus":null,"isPastDue":false\}$/,
      );
      assert.equal(
        captured.lines.filter((l) => l.includes("Executing 'Functions.warmup'")).length,
        1,
      );
    });

    it('fires a %Setting% schedule at its next occurrence on the clock', async () => {
      assert.equal(
        captured.lines.some((l) => l.includes("Executing 'Functions.nightly'")),
        false,
      );
      clock.advanceTo('2026-03-13T02:00:00Z');
      await captured.waitFor(
        /^info: Executing 'Functions\.nightly' \(Reason='Timer fired at 2026-03-13T02:00:00\.000Z', Id=/,
      );
      await captured.waitFor(/^info: \[nightly\] nightly ran; isPastDue=false$/);
    });

    it('runs a timer now on POST /admin/functions/{name} (202), 404 for unknown, 400 for HTTP', async () => {
      const admin = (name: string) =>
        fetch(`${host.url}/admin/functions/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ input: '' }),
        });
      assert.equal((await admin('nightly')).status, 202);
      const executing = await captured.waitFor(
        /^info: Executing 'Functions\.nightly' \(Reason='This function was programmatically called via the host APIs\.'/,
      );
      const id = /Id=([0-9a-f-]{36})/.exec(executing)?.[1] ?? 'no id';
      await captured.waitFor(
        new RegExp(`^info: Executed 'Functions\\.nightly' \\(Succeeded, Id=${id},`),
      );
      assert.equal((await admin('missing')).status, 404);
      assert.equal((await admin('ping')).status, 400);
    });
  });

  describe('with a durable app', () => {
    let host: RunningHost;
    before(async () => {
      host = await startHost({
        appDir: fixtureAppDir('durable-app'),
        port: 0,
        storage: { kind: 'memory' },
        log: () => {},
      });
    });
    after(() => host.stop());

    it('creates the durable engine, serves its webhooks and gives clients their binding', async () => {
      const start = await fetch(`${host.url}/api/orchestrators/helloSequence`, { method: 'POST' });
      assert.equal(start.status, 202);
      const { id, statusQueryGetUri } = (await start.json()) as {
        id: string;
        statusQueryGetUri: string;
      };
      assert.equal(start.headers.get('location'), statusQueryGetUri);
      assert.ok(
        statusQueryGetUri.startsWith(`${host.url}/runtime/webhooks/durabletask/instances/${id}`),
      );
      const engine = host.durableEngine as unknown as {
        waitForCompletion(id: string): Promise<unknown>;
      };
      await engine.waitForCompletion(id);
      const status = await fetch(statusQueryGetUri);
      assert.equal(status.status, 200);
      const body = (await status.json()) as { runtimeStatus: string; output: unknown };
      assert.deepEqual(
        [body.runtimeStatus, body.output],
        ['Completed', ['Hello, Tokyo', 'Hello, Seattle', 'Hello, Cairo']],
      );
    });
  });

  describe('startup failures', () => {
    const fails = (app: string, expected: { code: string; message: string }, storage?: boolean) =>
      assert.rejects(
        startHost({
          appDir: fixtureAppDir(app),
          port: 0,
          log: () => {},
          ...(storage ? { storage: { kind: 'memory' } as const } : {}),
        }),
        expected,
      );

    it('rejects durable entities clearly', () =>
      fails(
        'entity-app',
        {
          code: 'ERR_HOST_ENTITIES_UNSUPPORTED',
          message:
            'Durable entities are not supported yet by the local host: "counter" use(s) entityTrigger.',
        },
        true,
      ));

    it('rejects a duplicate function name, naming the entry file', () =>
      fails('duplicate-app', {
        code: 'ERR_HOST_DUPLICATE_FUNCTION',
        message:
          'A function named "hello" is already registered; function names must be unique (case-insensitive). Rename "Hello". (while loading "index.js")',
      }));

    it('reports an entry file that throws while loading', () =>
      fails('broken-app', {
        code: 'ERR_HOST_APP_LOAD',
        message: 'Failed to load entry file "index.js": cannot find config file ./missing.json',
      }));

    it('names a %Setting% that is not set', () =>
      fails('missing-setting-app', {
        code: 'ERR_HOST_MISSING_SETTING',
        message:
          'Timer function "cleanup" refers to app setting "%CLEANUP_SCHEDULE%", which is not set (add it to local.settings.json Values or the environment).',
      }));

    it('requires storage for a durable app without AzureWebJobsStorage', async () => {
      await fails('durable-app', {
        code: 'ERR_HOST_MISSING_SETTING',
        message:
          'This app uses Durable Functions, which need storage: set AzureWebJobsStorage (e.g. "UseDevelopmentStorage=true" for Azurite) in local.settings.json, or run the host with --memory.',
      });
    });
  });
});
