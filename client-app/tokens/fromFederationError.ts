import {
  TOKEN_SETTING_NAMES as N,
  type FederatedManagedIdentityTokenSettings,
} from '../settings/readTokenSettings.js';
import type { TokenAcquisitionErrorCode } from './TokenAcquisitionError.js';

/** A failure code and the fix, for one of Entra's answers to a federated assertion. */
interface FederationFailure {
  readonly code: TokenAcquisitionErrorCode;
  readonly fix: (settings: FederatedManagedIdentityTokenSettings) => string;
}

const homeIssuer = (s: FederatedManagedIdentityTokenSettings) =>
  `${s.authorityHost}/{the identity's tenant id}/v2.0`;

/** Entra answers AADSTS7002121 for an Entra-issued assertion, AADSTS700212 for external issuers. */
const audienceMismatch: FederationFailure = {
  code: 'ERR_TOKEN_FIC_AUDIENCE',
  fix: (s) =>
    `the FIC audience on app ${s.clientId} (${N.clientId}) must be exactly ${s.exchangeAudience}, the exchange ` +
    `audience of ${s.authorityHost} (${N.authorityHost}).`,
};

/**
 * Entra's AADSTS codes for a managed identity's token refused as the federated identity
 * credential (FIC) of an app registration, each with the FIC field or setting to fix. Sources:
 * AADSTS70021 entra-docs workload-identity-federation-considerations.md; 700211
 * Azure/azure-workload-identity#1200; 700213 Azure/login#482; 7002121 (700212 for external
 * issuers) public reports of the exchange; 700024 Entra's client-assertion range check.
 * The official error reference lists only some of them, and its codes "are subject to change".
 */
const FEDERATION_FAILURES: Readonly<Record<number, FederationFailure>> = {
  70021: {
    code: 'ERR_TOKEN_FIC_NOT_FOUND',
    fix: (s) =>
      `no federated identity credential (FIC) of app ${s.clientId} (${N.clientId}) matches; one created minutes ago ` +
      `may still be replicating (a later run retries). Else add one: issuer ${homeIssuer(s)}, subject the object id ` +
      `of identity ${s.managedIdentityClientId}, audience ${s.exchangeAudience}.`,
  },
  700211: {
    code: 'ERR_TOKEN_FIC_ISSUER',
    fix: (s) =>
      `the FIC issuer on app ${s.clientId} (${N.clientId}) must be ${homeIssuer(s)}, exactly: the identity's ` +
      `tenant, not the resource tenant (${N.tenantId}).`,
  },
  700213: {
    code: 'ERR_TOKEN_FIC_SUBJECT',
    fix: (s) =>
      `the FIC subject on app ${s.clientId} must be the object (principal) id of identity ` +
      `${s.managedIdentityClientId} (${N.managedIdentityClientId}), not its client id (case-sensitive).`,
  },
  700212: audienceMismatch,
  7002121: audienceMismatch,
  700024: {
    code: 'ERR_TOKEN_FIC_ASSERTION_EXPIRED',
    fix: () =>
      "the identity's token presented as the assertion was expired or not yet valid: check the host's clock.",
  },
};

/**
 * The failure for Entra's refusal of a federated assertion, when `aadsts` is one of its codes
 * for a FIC mismatch; undefined otherwise.
 */
export function fromFederationError(
  aadsts: number | undefined,
  settings: FederatedManagedIdentityTokenSettings,
): { readonly code: TokenAcquisitionErrorCode; readonly message: string } | undefined {
  const failure = aadsts === undefined ? undefined : FEDERATION_FAILURES[aadsts];
  return failure === undefined ? undefined : { code: failure.code, message: failure.fix(settings) };
}
