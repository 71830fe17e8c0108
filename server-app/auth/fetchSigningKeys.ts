import { fetchJsonObject } from './fetchJsonObject.js';
import { importSigningKeys, type SigningKeySet } from './importSigningKeys.js';

/**
 * Fetches and imports the tenant's key set.
 *
 * @throws {IssuerFault} when it cannot be fetched, is not a JWK Set, or holds no usable key.
 */
export async function fetchSigningKeys(
  fetchImpl: typeof fetch,
  jwksUri: string,
  signal: AbortSignal,
): Promise<SigningKeySet> {
  return importSigningKeys(await fetchJsonObject(fetchImpl, jwksUri, signal), jwksUri);
}
