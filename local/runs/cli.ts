/** `npm run runs -- [<runId>|latest [<partition>]]`: see RUNS_USAGE. */
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

import { AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY } from '../azurite/devAccount.js';
import { runRunsCli } from './runRunsCli.js';

const code = await runRunsCli({
  argv: process.argv.slice(2),
  openContainer: ({ blobEndpoint, container }) => {
    const connection = process.env.ORDERS_STORAGE?.trim();
    const service = connection
      ? BlobServiceClient.fromConnectionString(connection)
      : new BlobServiceClient(
          blobEndpoint,
          new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY),
        );
    return service.getContainerClient(container);
  },
  write: (line) => console.log(line),
});
process.exit(code);
