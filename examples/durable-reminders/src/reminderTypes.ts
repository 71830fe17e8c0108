/** What `POST /api/reminders` accepts. */
export interface ReminderRequest {
  readonly to: string;
  readonly message: string;
  /** How long to wait before sending, in hours (up to 30 days). */
  readonly delayHours: number;
}

/** What the `reminder` orchestration returns. */
export interface ReminderResult {
  readonly to: string;
  readonly requestedAt: string;
  readonly sentAt: string;
}

/** The app's one outside dependency: whatever delivers a message (mail, chat, SMS). */
export type Notify = (to: string, message: string) => Promise<void>;
