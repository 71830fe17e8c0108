import type { Logger } from '../../shared/logging/Logger.js';
import type { RequestAuthenticator } from './RequestAuthenticator.js';

/** Options of {@link createBearerAuthenticator}. */
export interface BearerAuthenticatorOptions {
  /** The Entra tenant (directory) ID, a lowercase GUID. */
  readonly tenantId: string;
  /** The server app registration's client ID (ORDERS_API_CLIENT_ID). */
  readonly clientId: string;
  /** e.g. `https://login.microsoftonline.com`, or a loopback URL of a local issuer; no trailing slash. */
  readonly authorityHost: string;
  /** Caller application IDs allowed in; empty admits any app of the tenant holding the role. */
  readonly allowedClients: readonly string[];
  /** The application role a caller must hold. Default `Orders.Read`. */
  readonly requiredRole?: string;
  readonly logger: Logger;
  /** Milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** Used for the discovery documents and the key set. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Refuse tokens without `idtyp: "app"`. Default false (the claim is optional in Entra). */
  readonly requireIdtyp?: boolean;
}

/** Work in progress: the real validator lands in the next commit. */
export function createBearerAuthenticator(
  _options: BearerAuthenticatorOptions,
): RequestAuthenticator {
  return {
    authenticate() {
      return Promise.reject(new Error('createBearerAuthenticator: not implemented yet'));
    },
  };
}
