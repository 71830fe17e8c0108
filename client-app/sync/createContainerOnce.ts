import type { ContainerClient } from '@azure/storage-blob';

/**
 * Creates the container on first use, once per client; a failed attempt is forgotten so the
 * next call tries again (the container may be created by infra, or not yet exist locally).
 */
export function createContainerOnce(container: ContainerClient): () => Promise<unknown> {
  let ready: Promise<unknown> | undefined;
  return () =>
    (ready ??= container.createIfNotExists().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
}
