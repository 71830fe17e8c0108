import type { StorageClients } from './StorageClients.js';

/** host.json `extensions.queues.messageEncoding`: how message text is stored. */
export type MessageEncoding = 'base64' | 'none';

/** The messages a queue output value stands for: one per array item, strings as they are, else JSON. */
export function toQueueMessages(value: unknown): string[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.map((item) =>
    typeof item === 'string'
      ? item
      : item instanceof Uint8Array
        ? Buffer.from(item).toString('utf8')
        : JSON.stringify(item),
  );
}

export function encodeMessage(text: string, encoding: MessageEncoding): string {
  return encoding === 'base64' ? Buffer.from(text, 'utf8').toString('base64') : text;
}

export function decodeMessage(stored: string, encoding: MessageEncoding): string {
  return encoding === 'base64' ? Buffer.from(stored, 'base64').toString('utf8') : stored;
}

/** Sends a queue output's messages, creating the queue when missing. */
export async function sendQueueMessages(
  clients: StorageClients,
  connectionString: string,
  queueName: string,
  value: unknown,
  encoding: MessageEncoding,
): Promise<void> {
  const queue = clients.queue(connectionString, queueName);
  await clients.ensure(`queue:${connectionString}:${queueName}`, () => queue.createIfNotExists());
  for (const text of toQueueMessages(value)) {
    await queue.sendMessage(encodeMessage(text, encoding));
  }
}
