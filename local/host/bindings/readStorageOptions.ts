import { z } from 'zod';

import { HostError } from '../core/HostError.js';
import type { MessageEncoding } from './queueValues.js';

/** What the storage bindings take from host.json, defaults applied. */
export interface StorageOptions {
  readonly queues: {
    /** `maxDequeueCount`: deliveries of a message before it goes to `<queue>-poison`. Default 5. */
    readonly maxDequeueCount: number;
    /** `maxPollingInterval`: the longest wait between polls of an empty queue. Default 1 minute. */
    readonly maxPollingIntervalMs: number;
    /** `visibilityTimeout`: how long a failed message stays invisible before its retry. Default 0. */
    readonly visibilityTimeoutMs: number;
    /** `batchSize`: messages fetched (and run in parallel) per poll. Default 16. */
    readonly batchSize: number;
    /** `messageEncoding`: `base64` (the default) or `none`. */
    readonly messageEncoding: MessageEncoding;
  };
  readonly blobs: {
    /** `poisonBlobThreshold`: failed runs of a blob before it goes to `webjobs-blobtrigger-poison`. Default 5. */
    readonly poisonBlobThreshold: number;
  };
}

/** `hh:mm:ss[.fff]` or `d.hh:mm:ss[.fff]`, as .NET TimeSpans are written in host.json. */
const timeSpan = z.string().transform((text, ctx) => {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a time span like 00:00:02` });
    return z.NEVER;
  }
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = '0'] = match;
  return (
    ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    Math.round(Number(`0.${fraction}`) * 1000)
  );
});
const count = (min: number) => z.coerce.number().int().min(min);

const queuesSchema = z.object({
  maxDequeueCount: count(1).default(5),
  maxPollingInterval: timeSpan.default(60_000),
  visibilityTimeout: timeSpan.default(0),
  batchSize: count(1).max(32).default(16),
  messageEncoding: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['base64', 'none']))
    .default('base64'),
});
const blobsSchema = z.object({ poisonBlobThreshold: count(1).default(5) });

/**
 * Reads host.json `extensions.queues` and `extensions.blobs` (the settings the storage
 * extension documents; unknown keys ignored) once, at startup.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` naming the bad key.
 */
export function readStorageOptions(extensions: {
  readonly queues: Readonly<Record<string, unknown>>;
  readonly blobs: Readonly<Record<string, unknown>>;
}): StorageOptions {
  const queues = queuesSchema.safeParse(lowerKeys(extensions.queues, queuesSchema.keyof().options));
  const blobs = blobsSchema.safeParse(lowerKeys(extensions.blobs, blobsSchema.keyof().options));
  const issues = [
    ...(queues.success ? [] : queues.error.issues.map((i) => ['queues', i] as const)),
    ...(blobs.success ? [] : blobs.error.issues.map((i) => ['blobs', i] as const)),
  ];
  if (issues.length > 0 || !queues.success || !blobs.success) {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `host.json: ${issues.map(([section, issue]) => `extensions.${section}.${issue.path.join('.')} ${issue.message}`).join('; ')}.`,
    );
  }
  const q = queues.data;
  return {
    queues: {
      maxDequeueCount: q.maxDequeueCount,
      maxPollingIntervalMs: q.maxPollingInterval,
      visibilityTimeoutMs: q.visibilityTimeout,
      batchSize: q.batchSize,
      messageEncoding: q.messageEncoding,
    },
    blobs: { poisonBlobThreshold: blobs.data.poisonBlobThreshold },
  };
}

/** host.json keys match case-insensitively; maps them onto the schema's spelling. */
function lowerKeys(
  value: Readonly<Record<string, unknown>>,
  known: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (name) out[name] = item;
  }
  return out;
}
