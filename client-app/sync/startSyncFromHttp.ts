import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';

import { problemResponse } from '../../shared/http/problemResponse.js';
import type { Logger } from '../../shared/logging/Logger.js';
import { parseSyncRequest } from './parseSyncRequest.js';
import { startSyncRun } from './startSyncRun.js';
import { buildRunInput } from './buildRunInput.js';
import type { SyncRunDefaults } from './syncTypes.js';

/**
 * `POST /api/sync`: 202 with the durable check-status payload when a run starts, 409 naming the
 * running instance and its status URL when one is in progress, 400 naming the problem for a malformed body.
 */
export async function startSyncFromHttp(
  request: HttpRequest,
  client: DurableClient,
  defaults: SyncRunDefaults,
  logger: Logger,
): Promise<HttpResponseInit> {
  const contentType = request.headers.get('content-type') ?? '';
  const body = await request.text();
  if (body.trim() !== '' && !/^application\/json\b/i.test(contentType)) {
    return problemResponse({
      status: 415,
      title: 'Unsupported Media Type',
      detail: 'send the body as application/json, or no body to sync every partition',
    });
  }
  const parsed = parseSyncRequest(body);
  if (!parsed.ok) {
    return problemResponse({
      status: 400,
      title: 'Bad Request',
      detail: parsed.problem,
      ...(parsed.parameter ? { parameter: parsed.parameter } : {}),
    });
  }
  const outcome = await startSyncRun(
    client,
    buildRunInput(defaults, 'http', parsed.request),
    logger,
  );
  if (!outcome.started) {
    // The status URL a 202 would carry, so a caller can follow the run it collided with. Built
    // from this request's origin, as the 202's is (the management payload alone has the default).
    const statusQueryGetUri = await statusUrlOf(client, request, outcome.instanceId);
    return problemResponse({
      status: 409,
      title: 'Conflict',
      detail: `a sync run is already in progress: instance ${outcome.instanceId} is ${outcome.runtimeStatus}; follow it at statusQueryGetUri`,
      instanceId: outcome.instanceId,
      runtimeStatus: outcome.runtimeStatus,
      ...(statusQueryGetUri ? { statusQueryGetUri } : {}),
    });
  }
  return client.createCheckStatusResponse(request, outcome.instanceId);
}

async function statusUrlOf(
  client: DurableClient,
  request: HttpRequest,
  instanceId: string,
): Promise<string | undefined> {
  const payload = (await client.createCheckStatusResponse(request, instanceId).json()) as {
    statusQueryGetUri?: unknown;
  };
  return typeof payload.statusQueryGetUri === 'string' ? payload.statusQueryGetUri : undefined;
}
