import { z } from 'zod';

/** What `POST /api/sync` may ask for; every field is optional, and unknown fields are refused. */
export interface SyncRequest {
  /** `incremental` (default without `since`) or `full`; `since` alone makes a `since` run. */
  readonly mode?: 'incremental' | 'full';
  readonly partitions?: readonly string[];
  readonly since?: string;
}

const REQUEST_MODES = ['incremental', 'full'] as const;

export type ParsedSyncRequest =
  | { readonly ok: true; readonly request: SyncRequest }
  | { readonly ok: false; readonly problem: string; readonly parameter?: string };

const MAX_BODY_BYTES = 16 * 1024;

const schema = z.strictObject({
  mode: z.enum(REQUEST_MODES, { error: 'must be "incremental" or "full"' }).optional(),
  partitions: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be partition names like "emea"'))
    .min(1, 'must list at least one partition when present')
    .max(500, 'must list at most 500 partitions')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a partition')
    .optional(),
  since: z.iso
    .datetime({ offset: false, error: 'must be an ISO-8601 UTC instant like 2026-01-31T00:00:00Z' })
    .optional(),
});

/** Validates the optional JSON body of `POST /api/sync`. An empty body means "sync everything". */
export function parseSyncRequest(body: string): ParsedSyncRequest {
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    return { ok: false, problem: `the body must be at most ${MAX_BODY_BYTES} bytes` };
  }
  if (body.trim() === '') return { ok: true, request: {} };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'the body must be a JSON object' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problem: 'the body must be a JSON object' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const parameter = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}; allowed are "mode", "partitions" and "since"`
        : `${parameter ?? 'body'} ${issue?.message ?? 'is invalid'}`;
    return { ok: false, problem: message, ...(parameter ? { parameter } : {}) };
  }
  const { mode, partitions, since } = parsed.data;
  if (mode && since) {
    // A full read ignores `since`, and an incremental one reads from each stored watermark:
    // either combination would silently drop what the caller asked for.
    return {
      ok: false,
      problem: `since cannot be combined with mode "${mode}": send "since" alone to read changes since that instant (stored watermarks stay as they are), or "mode" alone`,
      parameter: 'since',
    };
  }
  return {
    ok: true,
    request: {
      ...(mode ? { mode } : {}),
      ...(partitions ? { partitions } : {}),
      ...(since ? { since } : {}),
    },
  };
}
