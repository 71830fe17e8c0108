import { randomUUID } from 'node:crypto';

import { v1Issuer, v2Issuer } from './buildAccessTokenClaims.js';

export interface ExchangeTokenClaimsInput {
  readonly origin: string;
  readonly tenantId: string;
  /** The managed identity: its client id (`azp`) and object id (`oid`, `sub`). */
  readonly clientId: string;
  readonly objectId: string;
  /** The exchange audience as requested, without a trailing slash. */
  readonly audience: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly lifetimeSeconds: number;
}

/**
 * The payload of a managed-identity token for the token-exchange audience: a v2 app-only token
 * of the home tenant, whose `iss` (`{authority}/{tid}/v2.0`) and `sub` (the identity's object
 * id) are what a federated identity credential on an app registration names. No `roles`: it
 * grants nothing by itself, it only proves the identity to the token endpoint.
 */
export function buildExchangeTokenClaims(input: ExchangeTokenClaimsInput): Record<string, unknown> {
  const { origin, tenantId, issuedAt } = input;
  return {
    aud: input.audience,
    iss: v2Issuer(origin, tenantId),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + input.lifetimeSeconds,
    azp: input.clientId,
    azpacr: '2',
    idp: v1Issuer(origin, tenantId),
    idtyp: 'app',
    oid: input.objectId,
    sub: input.objectId,
    tid: tenantId,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '2.0',
  };
}
