/** Stable codes for everything the local host rejects; callers branch on `code`, never on text. */
export type HostErrorCode =
  | 'ERR_HOST_NO_ACTIVE_APP'
  | 'ERR_HOST_DUPLICATE_FUNCTION'
  | 'ERR_HOST_REGISTRATION_CLOSED'
  | 'ERR_HOST_UNKNOWN_HOOK'
  | 'ERR_HOST_APP_LOAD'
  | 'ERR_HOST_UNSUPPORTED_BINDING'
  | 'ERR_HOST_ENTITIES_UNSUPPORTED'
  | 'ERR_HOST_INVALID_ROUTE'
  | 'ERR_HOST_MISSING_SETTING'
  | 'ERR_HOST_INVALID_SCHEDULE'
  | 'ERR_HOST_UNKNOWN_FUNCTION'
  | 'ERR_HOST_ALREADY_RUNNING'
  | 'ERR_HOST_WORKER_START'
  | 'ERR_HOST_WORKER_RUNTIME';

/**
 * Thrown by the local Functions host. The message names the function, binding, setting or file
 * at fault and says what to change.
 */
export class HostError extends Error {
  readonly code: HostErrorCode;
  override name = 'HostError';

  constructor(code: HostErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
