import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';

import type { ReminderRequest, ReminderResult } from './reminderTypes.js';

/** A failed delivery is tried again after 1 minute, then 2, 4 and 8: five attempts in all. */
export const SEND_RETRY = Object.assign(new df.RetryOptions(60_000, 5), { backoffCoefficient: 2 });

/**
 * Waits `delayHours` on a durable timer (no compute is billed while it waits), then sends the
 * reminder, with retries. Deterministic: time comes from `context.df.currentUtcDateTime`.
 */
export const orchestrateReminder: OrchestrationHandler = function* (context: OrchestrationContext) {
  const request = context.df.getInput<ReminderRequest>();
  const requestedAt = context.df.currentUtcDateTime;
  context.df.setCustomStatus('waiting');
  yield context.df.createTimer(new Date(requestedAt.getTime() + request.delayHours * 3_600_000));
  context.df.setCustomStatus('sending');
  yield context.df.callActivityWithRetry('sendReminder', SEND_RETRY, request);
  const result: ReminderResult = {
    to: request.to,
    requestedAt: requestedAt.toISOString(),
    sentAt: context.df.currentUtcDateTime.toISOString(),
  };
  return result;
};
