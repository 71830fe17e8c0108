import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Messages say what a setting should look like; they are read by operators at startup. */
export function requiredString(what: string) {
  return z.string({ error: `required: ${what}` }).min(1, `required: ${what}`);
}

export function guid(what: string) {
  return z
    .string({ error: `required: ${what} (a GUID)` })
    .regex(GUID, `must be ${what} (a GUID like 00000000-0000-0000-0000-000000000000)`)
    .transform((value) => value.toLowerCase());
}

/** An authority host: https, or http only on loopback (the local identity provider). */
export function authorityHost() {
  return z
    .string()
    .default('https://login.microsoftonline.com')
    .transform((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an absolute URL like https://login.microsoftonline.com',
        });
        return z.NEVER;
      }
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must use https (http is allowed only on loopback)',
        });
        return z.NEVER;
      }
      if (url.search || url.hash) {
        ctx.addIssue({ code: 'custom', message: 'must not carry a query or fragment' });
        return z.NEVER;
      }
      return url.origin + url.pathname.replace(/\/+$/, '');
    });
}

export function positiveInt(what: string, defaultValue: number, max: number) {
  return z
    .string()
    .default(String(defaultValue))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be ${what}: an integer from 1 to ${max}` });
        return z.NEVER;
      }
      return n;
    });
}

export function commaList(itemSchema: z.ZodType<string, string>) {
  return z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? []
        : value
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
    )
    .pipe(z.array(itemSchema));
}
