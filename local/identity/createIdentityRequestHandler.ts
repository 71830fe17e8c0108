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
import type { FederationDirectory } from './verifyFederatedAssertion.js';
import { identifyRequester } from './identifyRequester.js';
import { routeIdentityRequest } from './routeIdentityRequest.js';

/** One request that reached an endpoint, as `requestCount` filters them. */
export interface RecordedRequest {
  readonly endpoint: IdentityEndpoint;
  /** The tenant of the path (issuer endpoints) or the home tenant (managed identity). */
  readonly tenantId: string;
  /** The requesting principal's client id (system-assigned identity resolved), when known. */
  readonly clientId?: string;
  /** The resource asked for (scope without `/.default`), when known. */
  readonly resource?: string;
  /** HTTP status answered; 0 while pending or for a reset connection. */
  readonly status: number;
}

/** One local tenant and the oauth2-mock-server issuer holding its own signing key. */
export interface LocalTenant {
  readonly config: TenantConfig;
  readonly issuer: OAuth2Issuer;
  /** The `kid` new tokens are signed with. Default: the issuer's keys in turn. */
  readonly signingKid?: () => string | undefined;
}

export interface IdentityRequestHandlerDeps {
  /** The home tenant (its managed identities are the endpoint's) first, then the others. */
  readonly tenants: readonly [LocalTenant, ...LocalTenant[]];
  readonly certificates: ReadonlyMap<string, RegisteredCertificate>;
  readonly identityHeader: string;
  readonly faults: FaultInjector;
  /** The issuer origin, known once the https server listens. */
  readonly origin: () => string;
  readonly record: (request: RecordedRequest) => void;
  readonly sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds: the issuer's clock. */
  readonly now: () => number;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * The request listeners of both servers: route, apply an injected fault if one is armed, answer
 * (discovery, keys, token, managed identity), record the request, and shape errors like Entra.
 */
export function createIdentityRequestHandler(
  deps: IdentityRequestHandlerDeps,
): (server: 'issuer' | 'managedIdentity') => RequestListener {
  const { faults } = deps;
  const configs = deps.tenants.map((t) => t.config) as [TenantConfig, ...TenantConfig[]];
  const byId = new Map(deps.tenants.map((t) => [t.config.tenantId, t]));
  const local = (tenantId: string): LocalTenant => byId.get(tenantId) ?? deps.tenants[0];
  const publicKeys = (tenantId: string) => ({
    // Entra's keys carry no `alg` member; validators must pin the algorithm themselves.
    keys: local(tenantId)
      .issuer.keys.toJSON()
      .map(({ alg: _alg, ...key }) => ({ ...key, use: 'sig' })),
  });

  const signer = (tenant: LocalTenant) => (payload: Record<string, unknown>, version: string) => {
    tenant.issuer.url = deps.origin();
    const kid = tenant.signingKid?.();
    return tenant.issuer.buildToken({
      ...(kid === undefined ? {} : { kid }),
      scopesOrTransform: (header, defaults) => {
        for (const key of Object.keys(defaults)) delete defaults[key];
        Object.assign(defaults, payload);
        // Entra's v1 tokens name the key twice, as kid and x5t.
        if (version === '1.0') header.x5t = header.kid;
      },
    });
  };
  const context = (
    tenantId: string,
    now: () => number,
  ): TokenIssuingContext & { identityHeader: string } => {
    const origin = deps.origin();
    const { config: tenant } = local(tenantId);
    const federation: FederationDirectory = {
      origin,
      tenants: new Map(configs.map((t) => [t.tenantId, t])),
      publicKeys,
      now,
    };
    return {
      tenant,
      certificates: deps.certificates,
      origin,
      sign: signer(local(tenantId)),
      now,
      federation,
      identityHeader: deps.identityHeader,
      assertionAudiences: [
        `${origin}/${tenant.tenantId}/oauth2/v2.0/token`,
        `${origin}/${tenant.tenantId}/oauth2/token`,
        `${origin}/${tenant.tenantId}/v2.0`,
      ],
    };
  };

  const answer = async (
    route: { endpoint: IdentityEndpoint; version: 'v1' | 'v2'; tenantId: string },
    url: URL,
    form: URLSearchParams,
    request: IncomingMessage,
    now: () => number,
  ): Promise<unknown> => {
    switch (route.endpoint) {
      case 'discovery':
        return openIdConfiguration(deps.origin(), route.tenantId, route.version);
      case 'keys':
        return publicKeys(route.tenantId);
      case 'token':
        return issueClientCredentialsToken(form, context(route.tenantId, now));
      case 'managedIdentity':
        return issueManagedIdentityToken(
          url.searchParams,
          headerValue(request.headers['x-identity-header']),
          context(route.tenantId, now),
        );
    }
  };

  const serve = async (
    kind: 'issuer' | 'managedIdentity',
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://local');
    const route = routeIdentityRequest(kind, request.method ?? 'GET', url.pathname, configs);
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
      tenantId: route.tenantId,
      ...identifyRequester(route.endpoint, url, form, local(route.tenantId).config),
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
    const backdateMs = fault?.kind === 'backdate' ? fault.seconds * 1000 : 0;
    const now = () => deps.now() - backdateMs;

    try {
      const body = await answer(route, url, form, request, now);
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
