import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { errorResponse } from '../../../server-app/http/errorResponse.js';
import { ChangeIndexMissingError } from '../../../server-app/orders/ChangeIndexMissingError.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';
import { OrdersStoreError } from '../../../server-app/orders/OrdersStoreError.js';
import { captureLogger } from './fakeDeps.js';

const PROBLEM_HEADERS = { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' };

describe('errorResponse', () => {
  it('maps a refused continuation token to 400 naming the parameter, without logging', () => {
    const logger = captureLogger();
    assert.deepEqual(
      errorResponse(
        new InvalidContinuationTokenError(
          '"continuationToken" was issued for another partition, not "emea"',
        ),
        logger,
        'inv-1',
      ),
      {
        status: 400,
        headers: PROBLEM_HEADERS,
        body: JSON.stringify({
          type: 'about:blank',
          status: 400,
          title: 'Invalid request parameter',
          detail: '"continuationToken" was issued for another partition, not "emea"',
          parameter: 'continuationToken',
        }),
      },
    );
    assert.deepEqual(logger.entries, []);
  });

  it('maps a transient store failure to 503 with Retry-After and a non-transient one to 500', () => {
    const logger = captureLogger();
    const transient = new OrdersStoreError('Could not x: ServerBusy (HTTP 503)', {
      transient: true,
    });
    const permanent = new OrdersStoreError('Could not x: AuthorizationFailure (HTTP 403)', {
      transient: false,
    });
    assert.equal(errorResponse(transient, logger, 'inv-1').status, 503);
    assert.deepEqual(errorResponse(transient, logger, 'inv-1').headers, {
      ...PROBLEM_HEADERS,
      'Retry-After': '5',
    });
    assert.equal(errorResponse(permanent, logger, 'inv-2').status, 500);
    assert.deepEqual(
      logger.entries.map((e) => [e.level, e.properties?.invocationId, e.properties?.reason]),
      [
        ['warn', 'inv-1', 'Could not x: ServerBusy (HTTP 503)'],
        ['warn', 'inv-1', 'Could not x: ServerBusy (HTTP 503)'],
        ['error', 'inv-2', 'OrdersStoreError: Could not x: AuthorizationFailure (HTTP 403)'],
      ],
    );
  });

  it('maps a missing change index to 409 with its code and the fix, without logging', () => {
    const logger = captureLogger();
    assert.deepEqual(errorResponse(new ChangeIndexMissingError('amer-east'), logger, 'inv-4'), {
      status: 409,
      headers: PROBLEM_HEADERS,
      body: JSON.stringify({
        type: 'about:blank',
        status: 409,
        title: 'Change index missing',
        detail:
          'Partition "amer-east" has no change index yet, so a delta ("since") cannot be served; build it once with "npm run seed -- --reindex", or read the partition in full (without "since").',
        code: 'DELTA_INDEX_MISSING',
      }),
    });
    assert.deepEqual(logger.entries, []);
  });

  it('maps anything else to a constant 500, even a non-Error throw', () => {
    const logger = captureLogger();
    assert.deepEqual(errorResponse('weird', logger, 'inv-3'), {
      status: 500,
      headers: PROBLEM_HEADERS,
      body: JSON.stringify({
        type: 'about:blank',
        status: 500,
        title: 'Internal server error',
        detail: 'The request could not be completed.',
      }),
    });
    assert.deepEqual(logger.entries, [
      {
        level: 'error',
        message: 'Request failed',
        properties: { invocationId: 'inv-3', code: 'ERR_UNEXPECTED', reason: 'string' },
      },
    ]);
  });
});
