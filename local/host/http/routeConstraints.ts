/** A parsed inline constraint, e.g. `min(1)` → `{ name: 'min', args: ['1'] }`. */
export interface RouteConstraint {
  readonly name: string;
  readonly args: readonly string[];
}

type Check = (value: string, args: readonly string[]) => boolean;

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GUID =
  /^(\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?|\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)|[0-9a-f]{32})$/i;

const inRange = (value: string, min: bigint, max: bigint) =>
  INTEGER.test(value) && BigInt(value) >= min && BigInt(value) <= max;
const int64 = (value: string) => inRange(value, -(2n ** 63n), 2n ** 63n - 1n);
const number = (arg: string | undefined) => Number(arg);

/**
 * ASP.NET Core's inline route constraints, the set the Functions host accepts, checked against
 * the URL-decoded value (invariant culture). `args` are the constraint's arguments as written.
 */
const CHECKS: Readonly<
  Record<string, { readonly arity: readonly number[]; readonly check: Check }>
> = {
  int: { arity: [0], check: (v) => inRange(v, -(2n ** 31n), 2n ** 31n - 1n) },
  long: { arity: [0], check: int64 },
  bool: { arity: [0], check: (v) => /^(true|false)$/i.test(v) },
  decimal: { arity: [0], check: (v) => NUMBER.test(v) && !/[eE]/.test(v) },
  double: { arity: [0], check: (v) => NUMBER.test(v) },
  float: { arity: [0], check: (v) => NUMBER.test(v) },
  guid: { arity: [0], check: (v) => GUID.test(v) },
  datetime: { arity: [0], check: (v) => v.trim() !== '' && !Number.isNaN(Date.parse(v)) },
  alpha: { arity: [0], check: (v) => /^[a-z]*$/i.test(v) },
  required: { arity: [0], check: (v) => v !== '' },
  nonfile: { arity: [0], check: (v) => !/\.[^.]+$/.test(v.split('/').at(-1) ?? '') },
  file: { arity: [0], check: (v) => /\.[^.]+$/.test(v.split('/').at(-1) ?? '') },
  minlength: { arity: [1], check: (v, [min]) => v.length >= number(min) },
  maxlength: { arity: [1], check: (v, [max]) => v.length <= number(max) },
  length: {
    arity: [1, 2],
    check: (v, [a, b]) =>
      b === undefined ? v.length === number(a) : v.length >= number(a) && v.length <= number(b),
  },
  min: { arity: [1], check: (v, [min]) => int64(v) && BigInt(v) >= BigInt(min ?? 0) },
  max: { arity: [1], check: (v, [max]) => int64(v) && BigInt(v) <= BigInt(max ?? 0) },
  range: {
    arity: [2],
    check: (v, [min, max]) =>
      int64(v) && BigInt(v) >= BigInt(min ?? 0) && BigInt(v) <= BigInt(max ?? 0),
  },
  regex: {
    arity: [1],
    check: (v, [pattern]) => new RegExp(pattern ?? '', 'i').test(v),
  },
};

/**
 * Returns a predicate for one constraint, or a problem description when it is unknown or its
 * arguments are malformed (reported at startup, naming the function).
 */
export function compileConstraint(
  constraint: RouteConstraint,
): ((value: string) => boolean) | string {
  const entry = CHECKS[constraint.name.toLowerCase()];
  if (!entry) return `unknown route constraint "${constraint.name}"`;
  if (!entry.arity.includes(constraint.args.length)) {
    return `route constraint "${constraint.name}" takes ${entry.arity.join(' or ')} argument(s)`;
  }
  const name = constraint.name.toLowerCase();
  if (['min', 'max', 'range'].includes(name) && !constraint.args.every((a) => INTEGER.test(a))) {
    return `route constraint "${constraint.name}" needs integer arguments`;
  }
  if (
    ['minlength', 'maxlength', 'length'].includes(name) &&
    !constraint.args.every((a) => /^\d+$/.test(a))
  ) {
    return `route constraint "${constraint.name}" needs non-negative integer arguments`;
  }
  if (name === 'regex') {
    try {
      new RegExp(constraint.args[0] ?? '');
    } catch (error) {
      return `route constraint regex(${constraint.args[0]}) is not a valid pattern: ${(error as Error).message}`;
    }
  }
  return (value) => entry.check(value, constraint.args);
}
