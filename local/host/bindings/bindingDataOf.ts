import type { HttpRequestData } from '../worker/workerMessages.js';

/**
 * The trigger's binding data, which `{name}` expressions in the function's other bindings read,
 * as the Functions host builds it per trigger: an activity's (or a queue message's, or an HTTP
 * body's) JSON object properties, HTTP route and query parameters (also under `query` and
 * `headers`), and the trigger metadata (`queueTrigger`, `dequeueCount`, `blobTrigger`, the
 * blob path's captures, …).
 */
export function bindingDataOf(
  triggerType: string,
  input: unknown,
  triggerMetadata: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  switch (triggerType) {
    case 'activityTrigger':
      return { ...objectProperties(input), ...triggerMetadata };
    case 'queueTrigger':
      return { ...objectProperties(parseJson(input)), ...triggerMetadata };
    case 'httpTrigger':
      return { ...httpBindingData(input as HttpRequestData), ...triggerMetadata };
    default:
      return { ...triggerMetadata };
  }
}

function httpBindingData(request: HttpRequestData): Record<string, unknown> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const contentType = request.headers['content-type'] ?? '';
  const body =
    request.body && /json/i.test(contentType)
      ? objectProperties(parseJson(Buffer.from(request.body).toString('utf8')))
      : {};
  return { ...body, ...query, ...request.params, query, headers: request.headers };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function objectProperties(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}
