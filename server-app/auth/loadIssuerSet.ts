import { AuthFailure, type UnavailableFailureCode } from './AuthFailure.js';
import { fetchSigningKeys } from './fetchSigningKeys.js';
import type { SigningKeySet } from './importSigningKeys.js';
import { IssuerFault } from './IssuerFault.js';
import { loadIssuerMetadata, type IssuerMetadata } from './loadIssuerMetadata.js';

/** What {@link loadIssuerSet} needs. */
export interface LoadIssuerSetOptions {
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly fetch: typeof fetch;
}

/** A tenant's issuers and keys, as loaded together. */
export interface IssuerSet {
  readonly metadata: IssuerMetadata;
  readonly keys: SigningKeySet;
}

/**
 * Loads the tenant's metadata (unless `knownMetadata` is given: a keys-only refetch) and then
 * its key set, all under `signal`: one deadline for the whole load, not one per document.
 *
 * @throws {AuthFailure} `ERR_METADATA_UNAVAILABLE`, `ERR_KEYS_UNAVAILABLE` or
 *   `ERR_TENANT_NOT_FOUND`, the message saying which document failed and why.
 */
export async function loadIssuerSet(
  options: LoadIssuerSetOptions,
  signal: AbortSignal,
  knownMetadata?: IssuerMetadata,
): Promise<IssuerSet> {
  const { tenantId } = options;
  const metadata =
    knownMetadata ??
    (await step('ERR_METADATA_UNAVAILABLE', `OpenID metadata of tenant ${tenantId}`, () =>
      loadIssuerMetadata({ ...options, signal }),
    ));
  const keys = await step('ERR_KEYS_UNAVAILABLE', `signing keys of tenant ${tenantId}`, () =>
    fetchSigningKeys(options.fetch, metadata.jwksUri, signal),
  );
  return { metadata, keys };
}

/** Runs one step of a load; an {@link IssuerFault} becomes the step's 503 failure. */
async function step<T>(
  code: UnavailableFailureCode,
  description: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof IssuerFault)) throw error;
    const failureCode = error.code === 'ERR_TENANT_NOT_FOUND' ? 'ERR_TENANT_NOT_FOUND' : code;
    throw new AuthFailure(failureCode, `${description} unavailable: ${error.message}`, {
      cause: error,
    });
  }
}
