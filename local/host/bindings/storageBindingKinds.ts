import type { BindingMetadata } from '../contracts.js';

/**
 * The Azure Storage bindings the local host serves, by type and the directions allowed: what
 * `@azure/functions` registers for `input`/`output.storageBlob`, `app.storageBlob`,
 * `output.storageQueue`, `app.storageQueue` and `input`/`output.table`.
 */
export const STORAGE_BINDING_DIRECTIONS: Readonly<Record<string, readonly ('in' | 'out')[]>> = {
  blob: ['in', 'out'],
  blobTrigger: ['in'],
  queue: ['out'],
  queueTrigger: ['in'],
  table: ['in', 'out'],
};

/** The setting a binding without `connection` uses, as in the Functions host. */
export const DEFAULT_STORAGE_CONNECTION = 'AzureWebJobsStorage';

/** True for a blob, queue or table binding (trigger, input or output). */
export function isStorageBinding(binding: BindingMetadata): boolean {
  return binding.type in STORAGE_BINDING_DIRECTIONS;
}

/** The binding's `connection` (a setting name), else {@link DEFAULT_STORAGE_CONNECTION}. */
export function connectionNameOf(binding: BindingMetadata): string {
  return typeof binding.connection === 'string' && binding.connection !== ''
    ? binding.connection
    : DEFAULT_STORAGE_CONNECTION;
}

/** A string property of a binding (`path`, `queueName`, `tableName`, …), or undefined. */
export function stringProperty(binding: BindingMetadata, key: string): string | undefined {
  const value = binding[key];
  return typeof value === 'string' ? value : undefined;
}
