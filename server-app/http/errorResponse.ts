import type { HttpResponseInit } from '@azure/functions';

import { problemResponse } from '../../shared/http/problemResponse.js';
import type { Logger } from '../../shared/logging/Logger.js';
import { ChangeIndexMissingError } from '../orders/ChangeIndexMissingError.js';
import { InvalidContinuationTokenError } from '../orders/InvalidContinuationTokenError.js';
import { OrdersStoreError } from '../orders/OrdersStoreError.js';

/** Seconds a caller should wait before retrying a transient store failure. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The one place errors become HTTP statuses. Bodies never carry the store's own error text;
 * the log gets the message (which names the table and the service's error code, never a key).
 */
export function errorResponse(
  error: unknown,
  logger: Logger,
  invocationId: string,
): HttpResponseInit {
  if (error instanceof InvalidContinuationTokenError) {
    return problemResponse({
      status: 400,
      title: 'Invalid request parameter',
      detail: error.message,
      parameter: 'continuationToken',
    });
  }
  if (error instanceof ChangeIndexMissingError) {
    // The table's state, not the request, is at fault: 409, with a code a client can act on.
    return problemResponse({
      status: 409,
      title: 'Change index missing',
      detail: error.message,
      code: error.code,
    });
  }
  if (error instanceof OrdersStoreError && error.transient) {
    logger.warn('Orders store unavailable', {
      invocationId,
      code: error.code,
      reason: error.message,
    });
    return problemResponse(
      {
        status: 503,
        title: 'Service unavailable',
        detail: 'The orders store is temporarily unavailable. Retry later.',
      },
      { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    );
  }
  logger.error('Request failed', {
    invocationId,
    code: error instanceof OrdersStoreError ? error.code : 'ERR_UNEXPECTED',
    reason: error instanceof Error ? `${error.name}: ${error.message}` : typeof error,
  });
  return problemResponse({
    status: 500,
    title: 'Internal server error',
    detail: 'The request could not be completed.',
  });
}
