import type { DurableInstances } from '../DurableInstances.js';
import type { RuntimeStatus } from '../store/InstanceStore.js';
import { flag } from './queryFlags.js';
import { empty, json } from './responses.js';
import { statusPayload } from './statusPayload.js';

/** Seconds the API asks pollers to wait, as the extension. */
const STATUS_RETRY_AFTER = '5';
export const RUNNING: readonly RuntimeStatus[] = [
  'Running',
  'Pending',
  'ContinuedAsNew',
  'Suspended',
];

/**
 * The status answer (HttpApiHandler.HandleGetStatusRequestAsync): 202 with Location while running,
 * 200 when done (500 for Failed with `returnInternalServerErrorOnFailure`), 404 unknown.
 * `returnErrorOnFailure` overrides the query flag, as create-and-wait passes false.
 */
export async function statusResponse(
  runtime: DurableInstances,
  id: string,
  url: URL,
  returnErrorOnFailure?: boolean,
): Promise<Response> {
  const record = await runtime.getInstance(id);
  if (!record) return empty(404);
  const showHistory = flag(url, 'showHistory', false);
  const history = showHistory ? await runtime.getHistory(record) : [];
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
  const returnError =
    returnErrorOnFailure ?? flag(url, 'returnInternalServerErrorOnFailure', false);
  const code = running ? 202 : record.runtimeStatus === 'Failed' && returnError ? 500 : 200;
  return json(code, body, running ? { Location: url.href, 'Retry-After': STATUS_RETRY_AFTER } : {});
}
