import type { DurableInstances } from '../DurableInstances.js';
import { TERMINAL_STATUSES } from '../RuntimeHooks.js';
import { checkStatusResponse } from './checkStatusResponse.js';
import { seconds } from './queryFlags.js';
import { errorResponse, json } from './responses.js';
import { statusResponse } from './statusResponse.js';

/**
 * The answer to a start or restart: with both `timeout` and `pollingInterval` (seconds), waits as
 * HttpApiHandler.WaitForCompletionOrCreateCheckStatusResponseAsync does — polls the status every
 * interval (the last wait cut to the time left) until the instance finishes or the timeout passes;
 * then 200 with the output when Completed, the status answer when Failed/Terminated/Canceled, the
 * check-status 202 otherwise. Without both, the check-status 202 at once. Waits on the engine's
 * clock, so a virtual clock drives them in tests.
 */
export async function waitOrCheckStatus(
  runtime: DurableInstances,
  url: URL,
  taskHubName: string,
  id: string,
): Promise<Response> {
  const timeout = seconds(url, 'timeout');
  const interval = seconds(url, 'pollingInterval');
  if (timeout === undefined || interval === undefined) {
    return checkStatusResponse(url, taskHubName, id);
  }
  if (interval > timeout) {
    // The ArgumentException HandleRequestAsync turns into this 400 (the instance is started).
    return errorResponse(400, 'One or more of the arguments submitted is incorrect', {
      name: 'ArgumentException',
      message: `Total timeout ${timeout / 1000} should be bigger than retry timeout ${interval / 1000}`,
    });
  }
  const { clock } = runtime;
  const started = clock.now();
  for (;;) {
    const record = await runtime.getInstance(id);
    if (record && TERMINAL_STATUSES.includes(record.runtimeStatus)) {
      if (record.runtimeStatus === 'Completed') {
        return json(
          200,
          record.output === undefined ? null : (JSON.parse(record.output) as unknown),
        );
      }
      return statusResponse(runtime, id, url, false);
    }
    const elapsed = clock.now() - started;
    if (elapsed >= timeout) return checkStatusResponse(url, taskHubName, id);
    await clock.sleepUntil(clock.now() + Math.min(interval, timeout - elapsed));
  }
}
