/**
 * A handler's result as the Node worker hands it to the host: through JSON (`toJSON` honoured,
 * functions and `undefined` members dropped), so it also crosses the IPC channel safely.
 * `undefined` stays `undefined`.
 */
export function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}
