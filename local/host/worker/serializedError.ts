/** An error as it crosses the IPC channel between the host and its worker. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** A Node or host error code (`ERR_HOST_APP_LOAD`, `ECONNREFUSED`), when the error had one. */
  readonly code?: string;
}

/**
 * Flattens any thrown value into what IPC can carry. The message is kept verbatim: the durable
 * engine reads the orchestrator's state from the end of it (`$OutOfProcData$:`).
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** Rebuilds an `Error` with the same name, message, stack and code. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  if (serialized.code !== undefined) Object.assign(error, { code: serialized.code });
  return error;
}
