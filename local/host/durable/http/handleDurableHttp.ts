import type { DurableRuntime, ManagementResult } from '../DurableRuntime.js';
import { DurableEngineError } from '../DurableEngineError.js';
import type { InstanceQuery, RuntimeStatus } from '../store/InstanceStore.js';
import { DURABLE_WEBHOOK_PATH, durableClientInput } from './durableClientInput.js';
import { empty, errorResponse, json } from './responses.js';
import { statusPayload } from './statusPayload.js';

/** Seconds the API asks pollers to wait, as the extension. */
const STATUS_RETRY_AFTER = '5';
const START_RETRY_AFTER = '10';
const CONTINUATION_HEADER = 'x-ms-continuation-token';
const RUNNING: readonly RuntimeStatus[] = ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'];
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
  runtime: DurableRuntime,
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
      if (method === 'DELETE') return await purgeMany(runtime, url);
      return empty(404);
    }
    if (action === undefined) {
      if (method === 'GET') return await status(runtime, id, url);
      if (method === 'DELETE') return await purge(runtime, id);
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
  runtime: DurableRuntime,
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
  const { managementUrls } = durableClientInput(url.origin, taskHubName);
  const payload = Object.fromEntries(
    Object.entries(managementUrls).map(([key, value]) => [
      key,
      value.replaceAll('INSTANCEID', encodeURIComponent(id)),
    ]),
  );
  payload['id'] = id;
  return json(202, payload, {
    Location: payload['statusQueryGetUri'] ?? '',
    'Retry-After': START_RETRY_AFTER,
  });
}

function flag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  return value === null ? fallback : value.toLowerCase() === 'true';
}

async function status(runtime: DurableRuntime, id: string, url: URL): Promise<Response> {
  const record = await runtime.store.get(id);
  if (!record) return empty(404);
  const showHistory = flag(url, 'showHistory', false);
  const history = showHistory ? await runtime.store.history(record) : [];
  const body = statusPayload(
    record,
    {
      showHistory,
      showHistoryOutput: flag(url, 'showHistoryOutput', false),
      showInput: flag(url, 'showInput', true),
    },
    history,
  );
  const running = RUNNING.includes(record.runtimeStatus);
  const returnError = flag(url, 'returnInternalServerErrorOnFailure', false);
  const code = running ? 202 : record.runtimeStatus === 'Failed' && returnError ? 500 : 200;
  return json(code, body, running ? { Location: url.href, 'Retry-After': STATUS_RETRY_AFTER } : {});
}

function readQuery(url: URL): InstanceQuery {
  const from = url.searchParams.get('createdTimeFrom');
  const to = url.searchParams.get('createdTimeTo');
  const statuses = url.searchParams.get('runtimeStatus');
  return {
    ...(from ? { createdTimeFrom: Date.parse(from) } : {}),
    ...(to ? { createdTimeTo: Date.parse(to) } : {}),
    ...(statuses ? { statuses: statuses.split(',').map((s) => s.trim() as RuntimeStatus) } : {}),
  };
}

async function list(request: Request, runtime: DurableRuntime, url: URL): Promise<Response> {
  const records = (await runtime.store.list(readQuery(url))).sort(
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

async function purge(runtime: DurableRuntime, id: string): Promise<Response> {
  const record = await runtime.store.get(id);
  if (!record || RUNNING.includes(record.runtimeStatus)) return empty(404);
  await runtime.store.purge(id);
  return json(200, { instancesDeleted: 1 });
}

async function purgeMany(runtime: DurableRuntime, url: URL): Promise<Response> {
  const records = await runtime.store.list(readQuery(url));
  let deleted = 0;
  for (const record of records) {
    if (RUNNING.includes(record.runtimeStatus)) continue;
    if (await runtime.store.purge(record.instanceId)) deleted++;
  }
  return deleted === 0 ? empty(404) : json(200, { instancesDeleted: deleted });
}
