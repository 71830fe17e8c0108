/** The entry file the Functions host loads (package.json `main`). */
import { registerReminders } from '../registerReminders.js';

const webhook = process.env.REMINDERS_WEBHOOK_URL;

registerReminders({
  digestTo: process.env.REMINDERS_DIGEST_TO ?? 'team@example.com',
  notify: async (to, message) => {
    if (!webhook) throw new Error('REMINDERS_WEBHOOK_URL is not set');
    const response = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, message }),
    });
    if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
  },
});
