import { app } from '@azure/functions';
import * as df from 'durable-functions';

import { orchestrateReminder } from './orchestrateReminder.js';
import type { Notify, ReminderRequest } from './reminderTypes.js';

/** What the app needs from outside; its entry file builds the real ones, tests pass fakes. */
export interface ReminderDeps {
  readonly notify: Notify;
  /** NCRONTAB schedule of the daily digest. Default: every day at 08:00 UTC. */
  readonly digestSchedule?: string;
  /** Who gets the digest. */
  readonly digestTo: string;
}

const MAX_DELAY_HOURS = 30 * 24;

/**
 * Registers the app: `POST /api/reminders` starts a `reminder` orchestration, the
 * `sendReminder` activity delivers it, and a timer sends a daily digest.
 */
export function registerReminders(deps: ReminderDeps): void {
  df.app.orchestration('reminder', orchestrateReminder);
  df.app.activity('sendReminder', {
    handler: (request: ReminderRequest) => deps.notify(request.to, request.message),
  });
  df.app.client.http('startReminder', {
    route: 'reminders',
    methods: ['POST'],
    handler: async (request, client) => {
      const body = (await request.json().catch(() => undefined)) as Partial<ReminderRequest>;
      const { to, message, delayHours } = body ?? {};
      if (
        typeof to !== 'string' ||
        typeof message !== 'string' ||
        typeof delayHours !== 'number' ||
        !(delayHours >= 0 && delayHours <= MAX_DELAY_HOURS)
      ) {
        return { status: 400, jsonBody: { error: 'expected { to, message, delayHours (0-720) }' } };
      }
      const input: ReminderRequest = { to, message, delayHours };
      const instanceId = await client.startNew('reminder', { input });
      return client.createCheckStatusResponse(request, instanceId);
    },
  });
  app.timer('dailyDigest', {
    schedule: deps.digestSchedule ?? '0 0 8 * * *',
    handler: () => deps.notify(deps.digestTo, 'Your reminders for today'),
  });
}
