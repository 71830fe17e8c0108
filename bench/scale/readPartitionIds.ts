import { BlobServiceClient } from '@azure/storage-blob';

/**
 * The order ids in a committed partition blob (NDJSON, one order a line), read back from the
 * client's own storage, so the bench can check a run fetched exactly the orders that changed.
 * For small blobs only: the whole blob is downloaded.
 */
export async function readPartitionIds(
  connectionString: string,
  container: string,
  blobPath: string,
): Promise<string[]> {
  const blob = BlobServiceClient.fromConnectionString(connectionString)
    .getContainerClient(container)
    .getBlockBlobClient(blobPath);
  const text = (await blob.downloadToBuffer()).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { id } = JSON.parse(line) as { id?: unknown };
      return typeof id === 'string' ? id : '';
    });
}
