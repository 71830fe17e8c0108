import os from 'node:os';

import { RestError, type BlobItem, type ContainerClient } from '@azure/storage-blob';

import type { FunctionMetadata } from '../contracts.js';
import { triggerOf } from '../invoke/toEffectiveOptions.js';
import { matchBlobPath, splitBlobPath } from './matchBlobPath.js';
import { createPollingBackoff } from './pollingBackoff.js';
import { encodeMessage } from './queueValues.js';
import { resolveAppSettings } from './resolveBindingExpression.js';
import { resolveConnection } from './resolveConnection.js';
import type { ListenerOptions, Listeners } from './startQueueListeners.js';
import { connectionNameOf, stringProperty } from './storageBindingKinds.js';

/** Where the host keeps its receipts, and the queue for blobs that keep failing (the host's names). */
const HOSTS_CONTAINER = 'azure-webjobs-hosts';
const POISON_QUEUE = 'webjobs-blobtrigger-poison';
/** Blob scans come at least this often, however long `maxPollingInterval` is. */
const MAX_SCAN_INTERVAL_MS = 10_000;
const LEASE_S = 60;

/**
 * Runs every `blobTrigger` function as the storage extension's standard (polling) blob trigger
 * does on storage without Event Grid: scans the container, and for each blob matching the path
 * pattern whose version (ETag) has no completed receipt, takes a lease on a receipt blob in
 * `azure-webjobs-hosts` (`blobreceipts/<hostId>/<function>/<etag>/<container>/<blob>`), runs the
 * function with the blob's bytes, and marks the receipt completed, so each version of a blob
 * fires once, across restarts and hosts sharing the storage. A blob that fails
 * `poisonBlobThreshold` times is reported on `webjobs-blobtrigger-poison` and not run again.
 */
export function startBlobListeners(options: ListenerOptions): Listeners {
  const controller = new AbortController();
  const hostId = hostIdOf(options.settings);
  const loops = options.functions
    .filter((fn) => triggerOf(fn).type === 'blobTrigger')
    .map((fn) => listen(fn, hostId, options, controller.signal));
  return {
    stop: async () => {
      controller.abort();
      await Promise.all(loops);
    },
  };
}

/** `AzureFunctionsWebHost__hostid`, else the machine name, as Core Tools derives the host id. */
function hostIdOf(settings: ListenerOptions['settings']): string {
  const configured = settings.AzureFunctionsWebHost__hostid;
  const base = configured ?? os.hostname();
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 32) || 'localhost'
  );
}

async function listen(
  fn: FunctionMetadata,
  hostId: string,
  o: ListenerOptions,
  signal: AbortSignal,
): Promise<void> {
  const trigger = triggerOf(fn);
  const connection = resolveConnection(connectionNameOf(trigger), o.settings);
  const path = resolveAppSettings(stringProperty(trigger, 'path') ?? '', o.settings);
  if (!connection.ok || !path.ok) return;
  const { container, blob: pattern } = splitBlobPath(path.value);
  const watched = o.clients.container(connection.connectionString, container);
  const receipts = o.clients.container(connection.connectionString, HOSTS_CONTAINER);
  const done = new Set<string>();
  const backoff = createPollingBackoff(
    Math.min(o.storage.queues.maxPollingIntervalMs, MAX_SCAN_INTERVAL_MS),
  );
  const scope: Scope = {
    fn,
    hostId,
    o,
    watched,
    receipts,
    connection: connection.connectionString,
  };
  let ensured = false;
  do {
    let ran = false;
    try {
      if (!ensured) {
        await receipts.createIfNotExists();
        ensured = true;
      }
      for await (const item of watched.listBlobsFlat({ includeMetadata: true })) {
        if (signal.aborted) return;
        const captures = pattern === '' ? {} : matchBlobPath(pattern, item.name);
        if (!captures) continue;
        const key = receiptName(scope, item);
        if (done.has(key)) continue;
        const outcome = await processBlob(scope, item, key, captures);
        if (outcome === 'ran' || outcome === 'done') done.add(key);
        if (outcome === 'ran' || outcome === 'failed') ran = true;
      }
    } catch (error) {
      if (signal.aborted) return;
      // A container that does not exist yet holds no blobs.
      if (!(error instanceof RestError && error.statusCode === 404)) {
        o.log(
          'warn',
          `Blob listener for '${fn.name}' failed to scan "${container}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (!(await backoff.wait(ran, signal))) return;
  } while (!signal.aborted);
}

interface Scope {
  readonly fn: FunctionMetadata;
  readonly hostId: string;
  readonly o: ListenerOptions;
  readonly watched: ContainerClient;
  readonly receipts: ContainerClient;
  readonly connection: string;
}

function receiptName(scope: Scope, item: BlobItem): string {
  const etag = (item.properties.etag ?? '').replace(/"/g, '');
  return `blobreceipts/${scope.hostId}/Host.Functions.${scope.fn.name}/${etag}/${scope.watched.containerName}/${item.name}`;
}

/** `done`: a completed receipt (now or before); `busy`: another poller holds it; `failed`: retry later. */
async function processBlob(
  scope: Scope,
  item: BlobItem,
  key: string,
  captures: Record<string, string>,
): Promise<'ran' | 'done' | 'busy' | 'failed'> {
  const receipt = scope.receipts.getBlockBlobClient(key);
  try {
    await receipt.upload('', 0, { conditions: { ifNoneMatch: '*' } });
  } catch (error) {
    if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)))
      throw error;
  }
  const lease = receipt.getBlobLeaseClient();
  try {
    await lease.acquireLease(LEASE_S);
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 409) return 'busy';
    throw error;
  }
  const renew = setInterval(
    () => void lease.renewLease().catch(() => undefined),
    (LEASE_S / 2) * 1000,
  );
  renew.unref();
  try {
    const metadata = (await receipt.getProperties()).metadata ?? {};
    if (metadata.completed === 'true') return 'done';
    const { fn, o } = scope;
    const blob = scope.watched.getBlobClient(item.name);
    const etag = item.properties.etag;
    const bytes = await blob.downloadToBuffer(undefined, undefined, {
      ...(etag && { conditions: { ifMatch: etag } }),
    });
    const blobPath = `${scope.watched.containerName}/${item.name}`;
    try {
      await o.invoke(fn.name, bytes, {
        reason: `New blob detected(LogsAndContainerScan): ${blobPath}`,
        triggerMetadata: {
          ...captures,
          blobTrigger: blobPath,
          uri: blob.url,
          properties: {
            contentType: item.properties.contentType,
            contentLength: item.properties.contentLength,
            eTag: etag,
            lastModified: item.properties.lastModified.toISOString(),
          },
          metadata: item.metadata ?? {},
        },
      });
    } catch {
      const failures = Number(metadata.failurecount ?? '0') + 1;
      if (failures < o.storage.blobs.poisonBlobThreshold) {
        await receipt.setMetadata(
          { failurecount: String(failures) },
          { conditions: { leaseId: lease.leaseId } },
        );
        return 'failed';
      }
      const poison = o.clients.queue(scope.connection, POISON_QUEUE);
      await poison.createIfNotExists();
      await poison.sendMessage(
        encodeMessage(
          JSON.stringify({
            Type: 'BlobTrigger',
            FunctionId: `Host.Functions.${fn.name}`,
            BlobType: 'BlockBlob',
            ContainerName: scope.watched.containerName,
            BlobName: item.name,
            ETag: etag,
          }),
          o.storage.queues.messageEncoding,
        ),
      );
      o.log(
        'warn',
        `Blob '${blobPath}' will be skipped for function '${fn.name}' because this blob with ETag '${etag ?? ''}' has failed the maximum number of times (${o.storage.blobs.poisonBlobThreshold}). Moved a message to queue '${POISON_QUEUE}'.`,
      );
    }
    await receipt.setMetadata({ completed: 'true' }, { conditions: { leaseId: lease.leaseId } });
    return 'ran';
  } catch (error) {
    // The blob changed or vanished since the listing: its new version gets its own receipt.
    if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 404))
      return 'done';
    throw error;
  } finally {
    clearInterval(renew);
    await lease.releaseLease().catch(() => undefined);
  }
}
