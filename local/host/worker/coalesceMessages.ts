/**
 * Several messages sent in one turn of the event loop, crossing the IPC channel as one. Under
 * load a worker answers many invocations per turn, each with its `Executing`/`Executed` lines:
 * one channel write (and one wake-up of the host) per message made the worker's channel, not
 * the app, its busiest part.
 */
export interface MessageBatch<M> {
  readonly kind: 'batch';
  readonly messages: readonly M[];
}

/** What one IPC message carries: a message, or a batch of them in the order they were sent. */
export type WireMessage<M extends { readonly kind: string }> = M | MessageBatch<M>;

/** Writes one wire message; calls `done` once it has left, with the error if it could not. */
export type PostWireMessage<M extends { readonly kind: string }> = (
  wire: WireMessage<M>,
  done: (error?: Error | null) => void,
) => void;

/** Runs once the write that carried the message is done, with its error if it failed. */
export type AfterSend = (error?: Error | null) => void;

/**
 * A `send` that queues messages and posts what was queued in this turn at the next
 * `setImmediate`: one as is, several as a {@link MessageBatch}. Order is kept, and each
 * message's `then` runs once the write that carried it is done.
 */
export function createCoalescingSender<M extends { readonly kind: string }>(
  post: PostWireMessage<M>,
  schedule: (flush: () => void) => void = setImmediate,
): (message: M, then?: AfterSend) => void {
  let queued: M[] = [];
  let callbacks: AfterSend[] = [];
  const flush = (): void => {
    const messages = queued;
    const done = callbacks;
    queued = [];
    callbacks = [];
    const wire: WireMessage<M> =
      messages.length === 1 ? (messages[0] as M) : { kind: 'batch', messages };
    post(wire, (error) => {
      for (const then of done) then(error);
    });
  };
  return (message, then) => {
    if (queued.length === 0) schedule(flush);
    queued.push(message);
    if (then !== undefined) callbacks.push(then);
  };
}

/** Hands each message a wire message carries to `handle`, in the order they were sent. */
export function forEachMessage<M extends { readonly kind: string }>(
  wire: WireMessage<M>,
  handle: (message: M) => void,
): void {
  if (!isBatch(wire)) return handle(wire);
  for (const message of wire.messages) handle(message);
}

function isBatch<M extends { readonly kind: string }>(
  wire: WireMessage<M>,
): wire is MessageBatch<M> {
  return wire.kind === 'batch';
}
