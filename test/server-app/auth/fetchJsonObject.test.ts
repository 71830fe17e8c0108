import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fetchJsonObject, MAX_BODY_BYTES } from '../../../server-app/auth/fetchJsonObject.js';

const URL_ = 'https://login.example/t/v2.0/.well-known/openid-configuration';
const answering =
  (response: () => Response): typeof fetch =>
  () =>
    Promise.resolve(response());
const live = () => new AbortController().signal;

describe('fetchJsonObject', () => {
  it('returns a JSON object', async () => {
    assert.deepEqual(
      await fetchJsonObject(
        answering(() => Response.json({ a: 1 })),
        URL_,
        live(),
      ),
      {
        a: 1,
      },
    );
  });

  it('stops reading an endless body at the cap, without reading it all', async () => {
    let served = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        served += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
    await assert.rejects(
      fetchJsonObject(
        answering(() => new Response(endless)),
        URL_,
        live(),
      ),
      {
        code: 'ERR_ISSUER_BODY_TOO_LARGE',
        message: `GET ${URL_} answered more than ${MAX_BODY_BYTES} bytes`,
      },
    );
    assert.ok(served <= MAX_BODY_BYTES + 2 * 65_536, `${served} bytes pulled`);
  });

  it('refuses an announced oversize body before reading it', async () => {
    const response = () =>
      new Response('{}', { headers: { 'content-length': String(MAX_BODY_BYTES + 1) } });
    await assert.rejects(fetchJsonObject(answering(response), URL_, live()), {
      code: 'ERR_ISSUER_BODY_TOO_LARGE',
    });
  });

  it('names garbage, bytes that are not UTF-8, and a status', async () => {
    const cases: [() => Response, string, string][] = [
      [
        () => new Response('<html>'),
        'ERR_ISSUER_NOT_JSON',
        `GET ${URL_} answered a body that is not JSON`,
      ],
      [
        () => new Response(new Uint8Array([0x7b, 0xff, 0x7d])),
        'ERR_ISSUER_NOT_JSON',
        `GET ${URL_} answered bytes that are not UTF-8`,
      ],
      [
        () => new Response('x', { status: 503 }),
        'ERR_ISSUER_HTTP_STATUS',
        `GET ${URL_} answered HTTP 503`,
      ],
    ];
    for (const [response, code, message] of cases) {
      await assert.rejects(fetchJsonObject(answering(response), URL_, live()), { code, message });
    }
  });

  it('gives up when the signal aborts, even if the fetch never settles', async () => {
    const deadline = new AbortController();
    const pending = fetchJsonObject(() => new Promise<Response>(() => {}), URL_, deadline.signal);
    deadline.abort(new Error('deadline'));
    await assert.rejects(pending, {
      code: 'ERR_ISSUER_TIMEOUT',
      message: `GET ${URL_} did not answer before the deadline`,
    });
  });

  it('names a network failure', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    await assert.rejects(fetchJsonObject(refused, URL_, live()), {
      code: 'ERR_ISSUER_UNREACHABLE',
      message: `GET ${URL_} failed: fetch failed`,
    });
  });
});
