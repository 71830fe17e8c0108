/**
 * A delta (`since`) was asked of a partition whose change index is not complete: its orders were
 * written before the index existed. Maps to 409 with code `DELTA_INDEX_MISSING`; the fix is the
 * one-off `npm run seed -- --reindex`, after which deltas of that partition are served.
 */
export class ChangeIndexMissingError extends Error {
  readonly code = 'DELTA_INDEX_MISSING';
  override name = 'ChangeIndexMissingError';
  readonly partition: string;

  constructor(partition: string) {
    super(
      `Partition "${partition}" has no change index yet, so a delta ("since") cannot be served; ` +
        'build it once with "npm run seed -- --reindex", or read the partition in full (without "since").',
    );
    this.partition = partition;
  }
}
