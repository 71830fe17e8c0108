import azureFunctions, { type HttpRequest, type InvocationContext } from '@azure/functions';

import type {
  AuthOutcome,
  RequestAuthenticator,
} from '../../../server-app/auth/RequestAuthenticator.js';
import { problemResponse } from '../../../shared/http/problemResponse.js';
import type { Logger } from '../../../shared/logging/Logger.js';

// The package is CommonJS and Node's ESM loader cannot see these two among its named exports.
const { HttpRequest: Request, InvocationContext: Context } = azureFunctions;

/** The response the fake authenticator refuses with; the real one's shape does not matter here. */
export const REFUSED = problemResponse(
  { status: 401, title: 'Authentication required' },
  { 'WWW-Authenticate': 'Bearer realm="test"' },
);

/** Admits exactly `Authorization: Bearer good` and counts its calls. */
export function fakeAuthenticator(): RequestAuthenticator & { calls: number } {
  return {
    calls: 0,
    authenticate(headers: Headers): Promise<AuthOutcome> {
      this.calls++;
      return Promise.resolve(
        headers.get('authorization') === 'Bearer good'
          ? { ok: true, caller: { appId: 'app', objectId: 'oid', tokenVersion: '2.0' } }
          : { ok: false, code: 'ERR_SIGNATURE_INVALID', response: REFUSED },
      );
    },
  };
}

export interface CapturedLog {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly properties: Readonly<Record<string, unknown>> | undefined;
}

export function captureLogger(): Logger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  const log =
    (level: CapturedLog['level']) =>
    (message: string, properties?: Readonly<Record<string, unknown>>) => {
      entries.push({ level, message, properties });
    };
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
}

export function get(path: string, token?: string): HttpRequest {
  return new Request({
    method: 'GET',
    url: `http://localhost/api/${path}`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

export function context(): InvocationContext {
  return new Context({
    invocationId: 'inv-1',
    functionName: 'test',
    logHandler: () => {},
  });
}
