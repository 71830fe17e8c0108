import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { OAuth2Issuer } from 'oauth2-mock-server';

import {
  createIdentityRequestHandler,
  type RecordedRequest,
} from './createIdentityRequestHandler.js';
import {
  ensureClientCertificate,
  ensureTlsCertificate,
  type RegisteredCertificate,
} from './ensureCertificates.js';
import { FaultInjector, type FaultRule } from './FaultInjector.js';
import { findRepoRoot } from '../../shared/findRepoRoot.js';
import { readTenantConfig, TenantConfigError, type TenantConfig } from './readTenantConfig.js';

export type { RecordedRequest } from './createIdentityRequestHandler.js';
export type { Fault, FaultRule, IdentityEndpoint } from './FaultInjector.js';

export interface IdentityProviderOptions {
  /** Tenant file of the home tenant; default local/identity/tenant.json of this repository. */
  readonly configPath?: string;
  /**
   * Tenant file of the second (resource) tenant, with its own signing keys; default
   * local/identity/resource-tenant.json of this repository.
   */
  readonly resourceConfigPath?: string;
  /** Port of the https issuer; default 0 (a free port). */
  readonly port?: number;
  /** Port of the plain-http managed-identity endpoint; default 0 (a free port). */
  readonly miPort?: number;
  /** Where the TLS and client certificates live (created if missing); default `.local/identity`. */
  readonly certDir?: string;
  /** IDENTITY_HEADER value; default a random one per start, as App Service does. */
  readonly identityHeader?: string;
  /** Faults armed from the start (more can be added with `injectFault`). */
  readonly faults?: readonly FaultRule[];
  /** Where request lines and unexpected errors go; default nowhere. */
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /**
   * Epoch ms for the tokens' `iat`/`nbf`/`exp` and for judging client assertions; default
   * `Date.now`. Tests pass a virtual clock's `now` (local/testing) so tokens age with it.
   */
  readonly now?: () => number;
}

export interface RunningIdentityProvider {
  /** AZURE_AUTHORITY_HOST for clients and servers, e.g. `https://127.0.0.1:49152`. */
  readonly authorityHost: string;
  readonly tenantId: string;
  /** The home tenant: the managed identities, the daemon's registrations, the Orders API. */
  readonly tenant: TenantConfig;
  /** The second tenant, with its own keys: another Orders API, and the cross-tenant app's service principal. */
  readonly resourceTenant: TenantConfig;
  /** IDENTITY_ENDPOINT, e.g. `http://127.0.0.1:49153/msi/token`. */
  readonly identityEndpoint: string;
  /** IDENTITY_HEADER. */
  readonly identityHeader: string;
  /** The issuer's self-signed TLS certificate: NODE_EXTRA_CA_CERTS for processes that call it. */
  readonly caCertPath: string;
  /** AZURE_CLIENT_CERTIFICATE_PATH per client id, for clients registered with a certificate. */
  readonly clientCertificatePaths: ReadonlyMap<string, string>;
  /** Requests that reached the endpoints, optionally filtered (all given fields must match). */
  requestCount(filter?: Partial<RecordedRequest>): number;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /**
   * Rolls the signing key over, as Entra does: a new key is published in the key set (the
   * earlier ones stay listed) and every token issued from now on is signed with it. Resolves
   * with the new key's `kid`.
   */
  rotateSigningKey(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the local identity provider: an Entra-shaped OIDC issuer over https for two tenants,
 * each with its own keys (discovery v1/v2, keys, client-credentials token endpoint that checks
 * secrets, certificate assertions and federated managed-identity assertions) and an
 * App Service managed-identity endpoint over loopback http, both on 127.0.0.1. Keys are made
 * at each start; certificates are reused from `certDir` while valid.
 */
export async function startIdentityProvider(
  options: IdentityProviderOptions = {},
): Promise<RunningIdentityProvider> {
  const root = findRepoRoot();
  const tenant = await readTenantConfig(
    options.configPath ?? path.join(root, 'local/identity/tenant.json'),
  );
  const resourceTenant = await readTenantConfig(
    options.resourceConfigPath ?? path.join(root, 'local/identity/resource-tenant.json'),
  );
  if (resourceTenant.tenantId === tenant.tenantId) {
    throw new TenantConfigError('the resource tenant file names the home tenant id');
  }
  const certDir = options.certDir ?? path.join(root, '.local/identity');
  const tls = await ensureTlsCertificate(certDir);
  const certificates = new Map<string, RegisteredCertificate>();
  for (const client of tenant.clients.filter((c) => c.certificate)) {
    certificates.set(
      client.clientId,
      await ensureClientCertificate(certDir, client.clientId, client.displayName),
    );
  }
  const newIssuer = async () => {
    const issuer = new OAuth2Issuer();
    await issuer.keys.generate('RS256', { kid: randomBytes(20).toString('base64url') });
    return issuer;
  };
  const homeIssuer = await newIssuer();
  let homeSigningKid: string | undefined;
  const identityHeader = options.identityHeader ?? randomBytes(24).toString('hex');
  const faults = new FaultInjector();
  for (const rule of options.faults ?? []) faults.add(rule);
  const log = options.log ?? (() => {});
  const recorded: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const handler = createIdentityRequestHandler({
    tenants: [
      { config: tenant, issuer: homeIssuer, signingKid: () => homeSigningKid },
      { config: resourceTenant, issuer: await newIssuer() },
    ],
    certificates,
    now: options.now ?? Date.now,
    identityHeader,
    faults,
    origin: () => origin,
    record: (entry) => recorded.push(entry),
    sleep,
    log,
  });

  const issuerServer = createHttpsServer({ key: tls.key, cert: tls.cert }, handler('issuer'));
  const miServer = createHttpServer(handler('managedIdentity'));
  const issuerPort = await listen(issuerServer, options.port ?? 0);
  const miPort = await listen(miServer, options.miPort ?? 0);
  origin = `https://127.0.0.1:${issuerPort}`;
  log(
    'info',
    `issuers ${origin}/${tenant.tenantId}/v2.0 and ${origin}/${resourceTenant.tenantId}/v2.0, ` +
      `managed identity http://127.0.0.1:${miPort}/msi/token`,
  );

  return {
    authorityHost: origin,
    tenantId: tenant.tenantId,
    tenant,
    resourceTenant,
    identityEndpoint: `http://127.0.0.1:${miPort}/msi/token`,
    identityHeader,
    caCertPath: tls.certPath,
    clientCertificatePaths: new Map([...certificates].map(([id, cert]) => [id, cert.path])),
    requestCount: (filter = {}) =>
      recorded.filter((entry) =>
        Object.entries(filter).every(
          ([key, value]) => value === undefined || entry[key as keyof RecordedRequest] === value,
        ),
      ).length,
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    rotateSigningKey: async () => {
      homeSigningKid = randomBytes(20).toString('base64url');
      await homeIssuer.keys.generate('RS256', { kid: homeSigningKid });
      return homeSigningKid;
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([close(issuerServer), close(miServer)]);
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
