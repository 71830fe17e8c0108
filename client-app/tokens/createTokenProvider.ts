import { ConfigurationError } from '../../shared/config/ConfigurationError.js';
import type { Logger } from '../../shared/logging/Logger.js';
import type { RetryObserver } from '../sync/progress/RetryNotice.js';
import {
  TOKEN_SETTING_NAMES,
  type ConfidentialClientTokenSettings,
  type FederatedManagedIdentityTokenSettings,
  type TokenCredentialMode,
  type TokenSettings,
  type TokenSettingsOf,
} from '../settings/readTokenSettings.js';
import type { AccessTokenLease } from './AccessTokenLease.js';
import { acquireWithConfidentialClient } from './acquireWithConfidentialClient.js';
import { acquireWithFederatedManagedIdentity } from './acquireWithFederatedManagedIdentity.js';
import { acquireWithManagedIdentity } from './acquireWithManagedIdentity.js';
import { createLeaseCache, type AcquireToken } from './createLeaseCache.js';
import {
  createMsalNetworkClient,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from './createMsalNetworkClient.js';
import { readClientCertificate } from './readClientCertificate.js';

export interface TokenProviderDeps {
  readonly logger: Logger;
  /** Epoch ms, for the refresh decisions. Default Date.now. */
  readonly now?: () => number;
  /** Retry tuning for transient failures (MSAL: ours; managed identity: the SDK's). */
  readonly retry?: Partial<RetryPolicy>;
  /** Bound on one HTTP exchange with the issuer (MSAL only), ms. Default 10,000. */
  readonly attemptTimeoutMs?: number;
  /** Bound on one acquisition, retries included, ms. Default 90,000. */
  readonly deadlineMs?: number;
  /**
   * An extra trusted root for MSAL's https calls (PEM), e.g. the local issuer's certificate
   * when NODE_EXTRA_CA_CERTS was not set at process start. Omit in production.
   */
  readonly trustedCaPem?: string;
  /** Told about every failed identity request that is retried (MSAL only: the SDK retries its own). */
  readonly onRetry?: RetryObserver;
}

/** What the provider does, safe to log (no secret). */
export interface TokenProviderDescription {
  readonly mode: TokenSettings['mode'];
  readonly scope: string;
  /** The client id of the app registration or user-assigned identity; absent for system-assigned. */
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly authorityHost?: string;
  /** The user-assigned identity whose token is the assertion (managed-identity-federated). */
  readonly managedIdentityClientId?: string;
}

export interface TokenProvider {
  /** A lease on a valid token; rejects with TokenAcquisitionError. */
  getToken(): Promise<AccessTokenLease>;
  describe(): TokenProviderDescription;
}

/** One credential mode's acquisition and what it says about itself. */
interface Credential {
  readonly acquire: AcquireToken;
  readonly description: TokenProviderDescription;
}

type CredentialFactory<M extends TokenCredentialMode> = (
  settings: TokenSettingsOf<M>,
  retry: RetryPolicy,
  deps: TokenProviderDeps,
) => Credential;

/** What ManagedIdentityCredential needs: it reads IDENTITY_ENDPOINT from process.env itself. */
function assertIdentityEndpointInEnvironment(identityEndpoint: string): void {
  if (process.env[TOKEN_SETTING_NAMES.identityEndpoint]?.trim() !== identityEndpoint) {
    throw new ConfigurationError([
      {
        setting: TOKEN_SETTING_NAMES.identityEndpoint,
        problem:
          'must be the one in the process environment: ManagedIdentityCredential reads it from process.env',
      },
    ]);
  }
}

/** The description of a mode that acts as an app registration of a tenant. */
function describeAppRegistration(
  settings: ConfidentialClientTokenSettings | FederatedManagedIdentityTokenSettings,
): TokenProviderDescription {
  return {
    mode: settings.mode,
    scope: settings.scope,
    clientId: settings.clientId,
    tenantId: settings.tenantId,
    authorityHost: settings.authorityHost,
  };
}

function confidentialClient(
  settings: ConfidentialClientTokenSettings,
  retry: RetryPolicy,
  deps: TokenProviderDeps,
): Credential {
  const networkClient = createMsalNetworkClient({
    logger: deps.logger,
    retry,
    ...(deps.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: deps.attemptTimeoutMs }),
    ...(deps.trustedCaPem === undefined ? {} : { trustedCaPem: deps.trustedCaPem }),
    ...(deps.onRetry === undefined ? {} : { onRetry: deps.onRetry }),
  });
  const credential =
    settings.mode === 'client-secret'
      ? { clientSecret: settings.clientSecret ?? '' }
      : { certificate: readClientCertificate(settings.certificatePath ?? '') };
  return {
    acquire: acquireWithConfidentialClient(settings, credential, networkClient),
    description: describeAppRegistration(settings),
  };
}

/**
 * How each credential mode gets its tokens: one entry per mode, each typed to that mode's
 * settings, so the compiler refuses a mode without its own entry.
 */
const CREDENTIALS: { readonly [M in TokenCredentialMode]: CredentialFactory<M> } = {
  'managed-identity': (settings, retry) => {
    assertIdentityEndpointInEnvironment(settings.identityEndpoint);
    return {
      acquire: acquireWithManagedIdentity(settings, retry),
      description: {
        mode: settings.mode,
        scope: settings.scope,
        ...(settings.userAssignedClientId === undefined
          ? {}
          : { clientId: settings.userAssignedClientId }),
      },
    };
  },
  'client-secret': confidentialClient,
  'client-certificate': confidentialClient,
  'managed-identity-federated': (settings, retry, deps) => {
    assertIdentityEndpointInEnvironment(settings.identityEndpoint);
    return {
      acquire: acquireWithFederatedManagedIdentity(settings, retry, {
        ...(deps.trustedCaPem === undefined ? {} : { trustedCaPem: deps.trustedCaPem }),
      }),
      description: {
        ...describeAppRegistration(settings),
        managedIdentityClientId: settings.managedIdentityClientId,
      },
    };
  },
};

function createCredential<M extends TokenCredentialMode>(
  mode: M,
  settings: TokenSettingsOf<M>,
  retry: RetryPolicy,
  deps: TokenProviderDeps,
): Credential {
  const factory: CredentialFactory<M> = CREDENTIALS[mode];
  return factory(settings, retry, deps);
}

/**
 * Builds the token provider for the chosen credential (see CREDENTIALS): ManagedIdentityCredential,
 * an MSAL confidential client, or a managed identity as the federated credential of a
 * multi-tenant app, behind a single-flight lease cache that refreshes before expiry. Call it
 * once per process (see getTokenProvider): every instance has its own SDK cache.
 *
 * @throws {ConfigurationError} when the certificate file is unusable, or when managed-identity
 *   settings were not read from `process.env` (the SDK reads IDENTITY_ENDPOINT there itself).
 */
export function createTokenProvider(
  settings: TokenSettings,
  deps: TokenProviderDeps,
): TokenProvider {
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const { acquire, description } = createCredential(settings.mode, settings, retry, deps);
  const getToken = createLeaseCache({
    acquire,
    logger: deps.logger,
    logContext: {
      mode: description.mode,
      scope: description.scope,
      clientId: description.clientId,
    },
    ...(deps.now === undefined ? {} : { now: deps.now }),
    ...(deps.deadlineMs === undefined ? {} : { deadlineMs: deps.deadlineMs }),
  });
  return { getToken, describe: () => description };
}
