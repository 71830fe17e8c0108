/** A binding property with its expressions filled in, or why it could not be. */
export type ExpressionResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

export interface ExpressionContext {
  /** The trigger's binding data (an activity's input properties, a queue message's, route params, …). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, string | undefined>>;
  /** For `{DateTime}` / `{sys.utcnow}`. */
  readonly now: Date;
  /** For `{rand-guid}` / `{sys.randguid}`. */
  readonly newGuid: () => string;
}

/**
 * Fills a binding property the way the Functions host does: `%Setting%` from the app settings,
 * then `{name}` (dotted paths allowed, matched case-insensitively) from the trigger's binding
 * data, and the system expressions `{rand-guid}`, `{DateTime}`, `{sys.randguid}`,
 * `{sys.utcnow}`.
 */
export function resolveBindingExpression(
  template: string,
  context: ExpressionContext,
): ExpressionResult {
  const settingsResult = resolveAppSettings(template, context.settings);
  if (!settingsResult.ok) return settingsResult;
  let missing: string | undefined;
  const withSettings = settingsResult.value;
  const value = withSettings.replace(/\{([^{}]+)\}/g, (whole, expression: string) => {
    const resolved = resolveOne(expression.trim(), context);
    if (resolved === undefined) missing ??= `No value for named parameter '${expression}'.`;
    return resolved ?? whole;
  });
  return missing === undefined ? { ok: true, value } : { ok: false, message: missing };
}

/** Fills only the `%Setting%` parts (trigger paths and queue names, which have no binding data). */
export function resolveAppSettings(
  template: string,
  settings: Readonly<Record<string, string | undefined>>,
): ExpressionResult {
  let missing: string | undefined;
  const value = template.replace(/%([^%]+)%/g, (whole, name: string) => {
    const found = settings[name];
    if (found === undefined) missing ??= `The app setting "${name}" (in "${template}") is not set.`;
    return found ?? whole;
  });
  return missing === undefined ? { ok: true, value } : { ok: false, message: missing };
}

function resolveOne(expression: string, context: ExpressionContext): string | undefined {
  switch (expression.toLowerCase()) {
    case 'rand-guid':
    case 'sys.randguid':
      return context.newGuid();
    case 'datetime':
    case 'sys.utcnow':
      return context.now.toISOString();
  }
  let current: unknown = context.data;
  for (const part of expression.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = Object.keys(current).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined || current === null) return undefined;
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return JSON.stringify(current);
}
