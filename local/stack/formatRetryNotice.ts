/**
 * Console lines for what a sync run is waiting for: the client's retry notice (a blob it writes
 * when an activity retries a request, client-app/sync/progress/retryNoticeRecord.ts) and the
 * durable wait the orchestration publishes in its custom status (`retry`). Shapes are spelled
 * out here: local/ depends on no app code.
 */

/** A setting and the app that holds it, as the client names them. */
export interface SettingView {
  readonly app: string;
  readonly name: string;
}

/** The fields of the retry notice record the console prints. */
export interface RetryNoticeView {
  readonly at: string;
  readonly what: string;
  readonly code: string;
  readonly message: string;
  readonly summary: string;
  readonly attempt: number;
  readonly retryInMs?: number;
  readonly settingToCheck?: SettingView;
}

/** The notice record as read from storage, or undefined when it is not one. */
export function toRetryNoticeView(value: unknown): RetryNoticeView | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (key: string) => {
    const field = v[key];
    return typeof field === 'string' ? field : undefined;
  };
  const [at, what, code, message, summary] = ['at', 'what', 'code', 'message', 'summary'].map(text);
  if (!at || !what || !code || !message || !summary || typeof v.attempt !== 'number') {
    return undefined;
  }
  const setting = toSetting(v.settingToCheck);
  return {
    at,
    what,
    code,
    message,
    summary,
    attempt: v.attempt,
    ...(typeof v.retryInMs === 'number' ? { retryInMs: v.retryInMs } : {}),
    ...(setting ? { settingToCheck: setting } : {}),
  };
}

/**
 * `  ↻ listing partitions: attempt 1 failed, ORDERS_API_CONNECTION_REFUSED: connection refused
 * at http://127.0.0.1:7999 … retry in 0.3 s. Likely: nothing listens at … Check
 * ORDERS_API_BASE_URL (client app).`
 */
export function formatRetryNotice(notice: RetryNoticeView): string {
  const wait = notice.retryInMs === undefined ? '' : `; retry in ${seconds(notice.retryInMs)}`;
  return (
    `  ↻ ${notice.what}: attempt ${notice.attempt} failed, ${notice.code}: ${sentence(notice.message)}${wait}. ` +
    `Likely: ${notice.summary}.${check(notice.settingToCheck)}`
  );
}

/**
 * The durable wait in the orchestration's custom status, e.g. `  ↻ 2 partitions: attempt 2 of 3
 * at 10:00:15Z (in 15 s) after ORDERS_API_UNAVAILABLE: …`; undefined when the run is not waiting.
 */
export function formatRetryWait(customStatus: unknown, now: number): string | undefined {
  if (typeof customStatus !== 'object' || customStatus === null) return undefined;
  const retry = (customStatus as { retry?: unknown }).retry;
  if (typeof retry !== 'object' || retry === null) return undefined;
  const r = retry as Record<string, unknown>;
  if (typeof r.what !== 'string' || typeof r.at !== 'string' || typeof r.attempt !== 'number') {
    return undefined;
  }
  const of = typeof r.of === 'number' ? ` of ${r.of}` : '';
  const inMs = Math.max(0, Date.parse(r.at) - now);
  const failure = r.failure as Record<string, unknown> | undefined;
  const after =
    failure && typeof failure.code === 'string' && typeof failure.message === 'string'
      ? ` after ${failure.code}: ${sentence(failure.message)}.${check(toSetting(failure.settingToCheck))}`
      : '';
  return `  ↻ ${r.what}: attempt ${r.attempt}${of} at ${r.at.replace(/\.\d+Z$/, 'Z')} (in ${seconds(inMs)})${after}`;
}

function check(setting: SettingView | undefined): string {
  return setting ? ` Check ${setting.name} (${setting.app} app).` : '';
}

function toSetting(value: unknown): SettingView | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { app, name } = value as { app?: unknown; name?: unknown };
  return typeof app === 'string' && typeof name === 'string' ? { app, name } : undefined;
}

/** The message without its final period, so that one can follow. */
function sentence(message: string): string {
  return message.replace(/\.+$/, '');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
