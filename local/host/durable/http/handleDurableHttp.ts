import type { DurableInstances } from '../DurableInstances.js';
import type { ManagementResult } from '../instanceManagement.js';
import { DurableEngineError } from '../DurableEngineError.js';
import type { InstanceQuery, RuntimeStatus } from '../store/InstanceStore.js';
import { DURABLE_WEBHOOK_PATH } from './durableClientInput.js';
import { purgeByFilter, purgeById } from './purgeRequests.js';
import { flag } from './queryFlags.js';
import { empty, errorResponse, json } from './responses.js';
import { statusResponse } from './statusResponse.js';
import { waitOrCheckStatus } from './waitOrCheckStatus.js';
import { statusPayload } from './statusPayload.js';

const CONTINUATION_HEADER = 'x-ms-continuation-token';
const MANAGEMENT_STATUS: Readonly<Record<ManagementResult, number>> = {
  accepted: 202,
  gone: 410,
  notFound: 404,
};

/**
 * Serves the durable HTTP API under `/runtime/webhooks/durabletask/`: the routes durable-functions'
 * DurableClient calls through `rpcBaseUrl`, which are also the public status URLs.
 */
export async function handleDurableHttp(
  request: Request,
  runtime: DurableInstances,
  taskHubName: string,
): Promise<Response> {
  const url = new URL(request.url);
  const at = url.pathname.indexOf(DURABLE_WEBHOOK_PATH);
  if (at < 0) return empty(404);
  const segments = url.pathname
    .slice(at + DURABLE_WEBHOOK_PATH.length)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  const [root, id, action, eventName] = segments;
  const method = request.method.toUpperCase();
  try {
    if (root === 'orchestrators' && id !== undefined && method === 'POST' && segments.length <= 3) {
      return await start(request, runtime, id, action, url, taskHubName);
    }
    if (root === 'entities') {
      return errorResponse(501, 'Durable entities are not supported by the local host yet.');
    }
    if (root !== 'instances') return empty(404);
    if (id === undefined) {
      if (method === 'GET') return await list(request, runtime, url);
      if (method === 'DELETE') return await purgeByFilter(runtime, readQuery(url));
      return empty(404);
    }
    if (action === undefined) {
      if (method === 'GET') return await statusResponse(runtime, id, url);
      if (method === 'DELETE') return await purgeById(runtime, id);
      return empty(404);
    }
    if (method !== 'POST') return empty(404);
    const reason = url.searchParams.get('reason') ?? '';
    switch (action) {
      case 'raiseEvent': {
        if (eventName === undefined) return empty(404);
        const body = await request.text();
        try {
          JSON.parse(body || 'null');
        } catch {
          return errorResponse(400, 'Invalid JSON content');
        }
        return empty(MANAGEMENT_STATUS[await runtime.raiseEvent(id, eventName, body || 'null')]);
      }
      case 'terminate':
        return empty(MANAGEMENT_STATUS[await runtime.terminate(id, reason)]);
      case 'suspend':
        return empty(MANAGEMENT_STATUS[await runtime.suspend(id, reason)]);
      case 'resume':
        return empty(MANAGEMENT_STATUS[await runtime.resumeInstance(id, reason)]);
      case 'rewind':
        return empty(MANAGEMENT_STATUS[await runtime.rewind(id, reason)]);
      case 'restart':
        return await restart(runtime, id, url, taskHubName);
      default:
        return errorResponse(501, `'${action}' is not supported by the local host.`);
    }
  } catch (error) {
    if (error instanceof DurableEngineError && error.code === 'ERR_DURABLE_UNKNOWN_ORCHESTRATOR') {
      return errorResponse(400, error.message, error);
    }
    return errorResponse(500, 'Something went wrong while processing your request', error as Error);
  }
}

async function start(
  request: Request,
  runtime: DurableInstances,
  name: string,
  instanceId: string | undefined,
  url: URL,
  taskHubName: string,
): Promise<Response> {
  const body = await request.text();
  if (body !== '') {
    try {
      JSON.parse(body);
    } catch {
      return errorResponse(400, 'Invalid JSON content');
    }
  }
  const id = await runtime.startNew(name, instanceId, body === '' ? undefined : body);
  return waitOrCheckStatus(runtime, url, taskHubName, id);
}

/**
 * POST /instances/{id}/restart (HandleRestartInstanceRequestAsync → DurableClient.RestartAsync):
 * starts the instance's orchestrator again with its input, under a new id unless
 * `restartWithNewInstanceId=false`; unknown ids are the ArgumentException's 400.
 */
async function restart(
  runtime: DurableInstances,
  id: string,
  url: URL,
  taskHubName: string,
): Promise<Response> {
  const newId = await runtime.restart(id, !flag(url, 'restartWithNewInstanceId', true));
  if (newId === undefined) {
    return errorResponse(400, 'InstanceId does not match a valid orchestration instance.', {
      name: 'ArgumentException',
      message: `An orchestrastion with the instanceId ${id} was not found.`,
    });
  }
  return waitOrCheckStatus(runtime, url, taskHubName, newId);
}

function readQuery(url: URL): InstanceQuery {
  const from = url.searchParams.get('createdTimeFrom');
  const to = url.searchParams.get('createdTimeTo');
  const statuses = url.searchParams.get('runtimeStatus');
  const prefix = url.searchParams.get('instanceIdPrefix');
  return {
    ...(from ? { createdTimeFrom: Date.parse(from) } : {}),
    ...(to ? { createdTimeTo: Date.parse(to) } : {}),
    ...(statuses ? { statuses: statuses.split(',').map((s) => s.trim() as RuntimeStatus) } : {}),
    ...(prefix ? { instanceIdPrefix: prefix } : {}),
  };
}

async function list(request: Request, runtime: DurableInstances, url: URL): Promise<Response> {
  const records = (await runtime.listInstances(readQuery(url))).sort(
    (a, b) => a.createdTime - b.createdTime || a.instanceId.localeCompare(b.instanceId),
  );
  const top = Number(url.searchParams.get('top') ?? '100') || 100;
  const token = request.headers.get(CONTINUATION_HEADER);
  const offset = token ? Number(Buffer.from(token, 'base64').toString('utf8')) || 0 : 0;
  const page = records.slice(offset, offset + top);
  const showInput = flag(url, 'showInput', false);
  const next =
    offset + top < records.length
      ? Buffer.from(String(offset + top)).toString('base64')
      : undefined;
  return json(
    200,
    page.map((record) => statusPayload(record, { showInput })),
    next ? { [CONTINUATION_HEADER]: next } : {},
  );
}
