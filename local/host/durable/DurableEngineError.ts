/** Errors of the local durable engine; `code` is stable, the message names the thing. */
export class DurableEngineError extends Error {
  override name = 'DurableEngineError';
  constructor(
    readonly code:
      | 'ERR_DURABLE_CONFIG'
      | 'ERR_DURABLE_UNKNOWN_ORCHESTRATOR'
      | 'ERR_DURABLE_UNKNOWN_INSTANCE'
      | 'ERR_DURABLE_INSTANCE_EXISTS'
      | 'ERR_DURABLE_STORE'
      | 'ERR_DURABLE_STOPPED'
      | 'ERR_DURABLE_NOT_FAILED',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
