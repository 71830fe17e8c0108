const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID (https://github.com/ulid/spec): 10 characters of millisecond time then 16 of randomness,
 * Crockford base32, so ids sort by time as plain strings. `random` supplies the randomness, which
 * lets seeding stay deterministic.
 */
export function ulid(timeMs: number, random: () => number): string {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs > 2 ** 48 - 1) {
    throw new RangeError(`ulid: time must be an integer from 0 to 2^48 - 1 ms, got ${timeMs}`);
  }
  let time = '';
  for (let rest = timeMs, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) {
    time = CROCKFORD.charAt(rest % 32) + time;
  }
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += CROCKFORD.charAt(Math.floor(random() * 32));
  return time + randomPart;
}

/** The creation time a ULID encodes, in milliseconds, or undefined when `id` is not a ULID. */
export function ulidTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) return undefined;
  let time = 0;
  for (const char of id.slice(0, 10)) time = time * 32 + CROCKFORD.indexOf(char);
  return time;
}
