/**
 * A continuation token the caller sent is not one this API issued for the same query: malformed,
 * from another version, or issued for another partition or `since`. The caller should restart
 * paging without a token. Maps to 400.
 */
export class InvalidContinuationTokenError extends Error {
  readonly code = 'ERR_INVALID_CONTINUATION_TOKEN';
  override name = 'InvalidContinuationTokenError';
}
