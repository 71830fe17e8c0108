/**
 * The small logging surface the plain modules depend on. Functions wiring adapts
 * `InvocationContext` to it; tests capture it. Messages and properties must never carry a token.
 */
export interface Logger {
  info(message: string, properties?: Readonly<Record<string, unknown>>): void;
  warn(message: string, properties?: Readonly<Record<string, unknown>>): void;
  error(message: string, properties?: Readonly<Record<string, unknown>>): void;
}

/** A logger that drops everything, for callers that do not care. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
