import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import type { OAuth2Issuer } from 'oauth2-mock-server';

import type { RegisteredCertificate } from './ensureCertificates.js';
import { EntraError } from './EntraError.js';
import { faultResponseBody, type FaultInjector, type IdentityEndpoint } from './FaultInjector.js';
import {
  issueClientCredentialsToken,
  type TokenIssuingContext,
} from './issueClientCredentialsToken.js';
import {
  issueManagedIdentityToken,
  ManagedIdentityEndpointError,
} from './issueManagedIdentityToken.js';
import { openIdConfiguration } from './openIdConfiguration.js';
import type { TenantConfig } from './readTenantConfig.js';
import { identifyRequester } from './identifyRequester.js';
import { routeIdentityRequest } from './routeIdentityRequest.js';

/** One request that reached an endpoint, as `requestCount` filters them. */
export interface RecordedRequest {
  readonly endpoint: IdentityEndpoint;
  /** The requesting principal's client id (system-assigned identity resolved), when known. */
  readonly clientId?: string;
  /** The resource asked for (scope without `/.default`), when known. */
  readonly resource?: string;
  /** HTTP status answered; 0 while pending or for a reset connection. */
  readonly status: number;
}

export interface IdentityRequestHandlerDeps {
  readonly tenant: TenantConfig;
  readonly certificates: ReadonlyMap<string, RegisteredCertificate>;
  /** oauth2-mock-server's issuer: holds the signing key and signs the tokens. */
  readonly issuer: OAuth2Issuer;
  readonly identityHeader: string;
  readonly faults: FaultInjector;
  /** The issuer origin, known once the https server listens. */
  readonly origin: () => string;
  readonly record: (request: RecordedRequest) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Epoch ms for issue times and assertion checks. Default `Date.now`. */
  readonly now?: () => number;
  /** The `kid` new tokens are signed with. Default: the issuer's keys in turn. */
  readonly signingKid?: () => string | undefined;
}

/**
 * The request listeners of both servers: route, apply an injected fault if one is armed, answer
 * (discovery, keys, token, managed identity), record the request, and shape errors like Entra.
 */
export function createIdentityRequestHandler(
  deps: IdentityRequestHandlerDeps,
): (server: 'issuer' | 'managedIdentity') => RequestListener {
  const { tenant, faults } = deps;

  const sign = (payload: Record<string, unknown>, version: string): Promise<string> => {
    deps.issuer.url = deps.origin();
    const kid = deps.signingKid?.();
    return deps.issuer.buildToken({
      ...(kid === undefined ? {} : { kid }),
      scopesOrTransform: (header, defaults) => {
        for (const key of Object.keys(defaults)) delete defaults[key];
        Object.assign(defaults, payload);
        // Entra's v1 tokens name the key twice, as kid and x5t.
        if (version === '1.0') header.x5t = header.kid;
      },
    });
  };
  const context = (): TokenIssuingContext & { identityHeader: string } => {
    const origin = deps.origin();
    return {
      tenant,
      certificates: deps.certificates,
      origin,
      sign,
      now: deps.now ?? Date.now,
      identityHeader: deps.identityHeader,
      assertionAudiences: [
        `${origin}/${tenant.tenantId}/oauth2/v2.0/token`,
        `${origin}/${tenant.tenantId}/oauth2/token`,
        `${origin}/${tenant.tenantId}/v2.0`,
      ],
    };
  };

  const answer = async (
    endpoint: IdentityEndpoint,
    version: 'v1' | 'v2',
    url: URL,
    form: URLSearchParams,
    request: IncomingMessage,
  ): Promise<unknown> => {
    switch (endpoint) {
      case 'discovery':
        return openIdConfiguration(deps.origin(), tenant.tenantId, version);
      case 'keys':
        // Entra's keys carry no `alg` member; validators must pin the algorithm themselves.
        return {
          keys: deps.issuer.keys.toJSON().map(({ alg: _alg, ...key }) => ({ ...key, use: 'sig' })),
        };
      case 'token':
        return issueClientCredentialsToken(form, context());
      case 'managedIdentity':
        return issueManagedIdentityToken(
          url.searchParams,
          headerValue(request.headers['x-identity-header']),
          context(),
        );
    }
  };

  const serve = async (
    kind: 'issuer' | 'managedIdentity',
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://local');
    const route = routeIdentityRequest(kind, request.method ?? 'GET', url.pathname, tenant);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store, no-cache',
        pragma: 'no-cache',
        ...headers,
      });
      response.end(JSON.stringify(body));
    };
    if (route.kind === 'notFound') return send(404, { error: 'not_found' });
    if (route.kind === 'error') return send(route.error.status, route.error.toBody());

    let form = new URLSearchParams();
    try {
      if (route.endpoint === 'token') form = new URLSearchParams(await readBody(request));
    } catch {
      const error = new EntraError(400, 'invalid_request', 90014, 'Unreadable request body.');
      return send(400, error.toBody());
    }
    // Recorded on arrival, so a request still delayed by a fault already counts.
    const entry: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
      endpoint: route.endpoint,
      ...identifyRequester(route.endpoint, url, form, tenant),
      status: 0,
    };
    deps.record(entry);
    const record = (status: number) => {
      entry.status = status;
    };

    const fault = faults.take(route.endpoint);
    if (fault?.kind === 'reset') {
      record(0);
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      record(fault.status);
      const retryAfter: Record<string, string> =
        fault.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(fault.retryAfterSeconds) };
      return send(fault.status, faultResponseBody(route.endpoint, fault.status), retryAfter);
    }
    if (fault?.kind === 'delay') await deps.sleep(fault.delayMs);

    try {
      const body = await answer(route.endpoint, route.version, url, form, request);
      record(200);
      send(200, body);
    } catch (error) {
      if (error instanceof EntraError || error instanceof ManagedIdentityEndpointError) {
        record(error.status);
        deps.log('warn', `${route.endpoint}: ${error.status} ${error.message}`);
        return send(error.status, error.toBody());
      }
      record(500);
      deps.log(
        'error',
        `${route.endpoint}: ${error instanceof Error ? error.message : String(error)}`,
      );
      send(500, { error: 'server_error', error_description: 'local identity provider bug' });
    }
  };

  return (kind) => (request, response) => {
    void serve(kind, request, response);
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body over 64 KiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
