import { RestError, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';

import type { FunctionMetadata, HostLog } from '../contracts.js';
import type { HostInvokeFunction } from '../invoke/createInvoker.js';
import { triggerOf } from '../invoke/toEffectiveOptions.js';
import { createPollingBackoff } from './pollingBackoff.js';
import { decodeMessage } from './queueValues.js';
import type { StorageOptions } from './readStorageOptions.js';
import { resolveAppSettings } from './resolveBindingExpression.js';
import { resolveConnection } from './resolveConnection.js';
import { connectionNameOf, stringProperty } from './storageBindingKinds.js';
import type { StorageClients } from './StorageClients.js';

/** How long a message being processed stays invisible to other pollers (the host's default). */
const PROCESSING_VISIBILITY_S = 600;

export interface Listeners {
  /** Stops polling and waits for the invocations in progress. */
  stop(): Promise<void>;
}

export interface ListenerOptions {
  readonly functions: readonly FunctionMetadata[];
  readonly invoke: HostInvokeFunction;
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly storage: StorageOptions;
  readonly clients: StorageClients;
  readonly log: HostLog;
}

/**
 * Runs every `queueTrigger` function as the storage extension's queue listener does: polls
 * the queue (batches of `batchSize`, backing off up to `maxPollingInterval` while it is empty),
 * hands each message to the function with its `dequeueCount` and the other trigger metadata,
 * deletes it on success, makes it visible again after `visibilityTimeout` on failure, and moves
 * it to `<queue>-poison` once it has failed `maxDequeueCount` deliveries.
 */
export function startQueueListeners(options: ListenerOptions): Listeners {
  const controller = new AbortController();
  const loops = options.functions
    .filter((fn) => triggerOf(fn).type === 'queueTrigger')
    .map((fn) => listen(fn, options, controller.signal));
  return {
    stop: async () => {
      controller.abort();
      await Promise.all(loops);
    },
  };
}

async function listen(
  fn: FunctionMetadata,
  o: ListenerOptions,
  signal: AbortSignal,
): Promise<void> {
  const trigger = triggerOf(fn);
  const connection = resolveConnection(connectionNameOf(trigger), o.settings);
  const name = resolveAppSettings(stringProperty(trigger, 'queueName') ?? '', o.settings);
  if (!connection.ok || !name.ok) {
    o.log(
      'error',
      `The '${fn.name}' function is in error: ${connection.ok ? (name as { message: string }).message : connection.message}`,
    );
    return;
  }
  const queue = o.clients.queue(connection.connectionString, name.value.toLowerCase());
  const backoff = createPollingBackoff(o.storage.queues.maxPollingIntervalMs);
  let reported = false;
  do {
    let messages: DequeuedMessageItem[] = [];
    try {
      const answer = await queue.receiveMessages({
        numberOfMessages: o.storage.queues.batchSize,
        visibilityTimeout: PROCESSING_VISIBILITY_S,
        abortSignal: signal,
      });
      messages = answer.receivedMessageItems;
      reported = false;
    } catch (error) {
      // A queue nobody has written to yet is empty, as for the real listener.
      if (signal.aborted) return;
      if (!(error instanceof RestError && error.statusCode === 404) && !reported) {
        reported = true;
        o.log(
          'warn',
          `Queue listener for '${fn.name}' (queue "${queue.name}") failed to poll: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    await Promise.all(
      messages.map((message) => handleMessage(fn, connection.connectionString, queue, message, o)),
    );
    if (!(await backoff.wait(messages.length > 0, signal))) return;
  } while (!signal.aborted);
}

async function handleMessage(
  fn: FunctionMetadata,
  connectionString: string,
  queue: QueueClient,
  message: DequeuedMessageItem,
  o: ListenerOptions,
): Promise<void> {
  const { maxDequeueCount, messageEncoding, visibilityTimeoutMs } = o.storage.queues;
  if (message.dequeueCount > maxDequeueCount)
    return poison(fn, connectionString, queue, message, o);
  const text = decodeMessage(message.messageText, messageEncoding);
  const triggerMetadata = {
    id: message.messageId,
    queueTrigger: text,
    dequeueCount: message.dequeueCount,
    expirationTime: message.expiresOn.toISOString(),
    insertionTime: message.insertedOn.toISOString(),
    nextVisibleTime: message.nextVisibleOn.toISOString(),
    popReceipt: message.popReceipt,
  };
  try {
    await o.invoke(fn.name, parseJson(text), {
      reason: `New queue message detected on '${queue.name}'.`,
      triggerMetadata,
    });
  } catch {
    // The invoker logged the failure.
    if (message.dequeueCount >= maxDequeueCount)
      return poison(fn, connectionString, queue, message, o);
    await queue
      .updateMessage(
        message.messageId,
        message.popReceipt,
        undefined,
        Math.ceil(visibilityTimeoutMs / 1000),
      )
      .catch(() => undefined); // the message reappears after its processing visibility anyway
    return;
  }
  await queue.deleteMessage(message.messageId, message.popReceipt).catch(() => undefined);
}

async function poison(
  fn: FunctionMetadata,
  connectionString: string,
  queue: QueueClient,
  message: DequeuedMessageItem,
  o: ListenerOptions,
): Promise<void> {
  const poisonName = `${queue.name}-poison`;
  const poisonQueue = o.clients.queue(connectionString, poisonName);
  await poisonQueue.createIfNotExists();
  // The stored text as it is: it keeps the queue's encoding.
  await poisonQueue.sendMessage(message.messageText);
  await queue.deleteMessage(message.messageId, message.popReceipt).catch(() => undefined);
  // Logged once moved, so a reader of the poison queue finds it there.
  o.log(
    'warn',
    `Message has reached MaxDequeueCount of ${o.storage.queues.maxDequeueCount}. Moving message to queue '${poisonName}'. (function '${fn.name}', message id ${message.messageId})`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
