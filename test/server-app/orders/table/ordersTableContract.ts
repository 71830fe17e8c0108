/**
 * The one contract every {@link OrdersTable} passes: the in-memory table and the Azure one (on
 * Azurite) run these same cases, so what the store relies on is the same in both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  OrdersTable,
  RowWrite,
  TableRow,
} from '../../../../server-app/orders/table/OrdersTable.js';
import { TableRequestError } from '../../../../server-app/orders/table/TableRequestError.js';

export interface ContractSubject {
  /** A new, created, empty table. */
  table(): Promise<OrdersTable>;
  /** A table that was never created. */
  missingTable(): OrdersTable;
}

const row = (
  partitionKey: string,
  rowKey: string,
  columns: Record<string, unknown> = {},
): TableRow => ({
  partitionKey,
  rowKey,
  ...columns,
});
const create = (r: TableRow): RowWrite => ({ kind: 'create', row: r });

async function allRowKeys(table: OrdersTable, partitionKey: string, top: number) {
  const keys: string[] = [];
  let continuationToken: string | undefined;
  let pages = 0;
  do {
    const page = await table.queryRange({ partitionKey, top, continuationToken, select: [] });
    assert.ok(page.rows.length <= top);
    keys.push(...page.rows.map((r) => r.rowKey));
    continuationToken = page.continuationToken;
    pages++;
  } while (continuationToken !== undefined);
  return { keys, pages };
}

export function describeOrdersTableContract(name: string, subject: ContractSubject): void {
  describe(`${name}: the OrdersTable contract`, () => {
    it('reads back what a transaction created, with dates, an ETag and only the columns selected', async () => {
      const table = await subject.table();
      const at = new Date('2026-11-01T10:00:00.123Z');
      assert.deepEqual(
        await table.submitTransaction([create(row('p', 'a', { n: 3, s: 'x', at }))]),
        { committed: true },
      );
      const full = await table.getRow('p', 'a');
      assert.ok(full);
      assert.equal(typeof full.etag, 'string');
      assert.deepEqual(
        { ...full, etag: 'e' },
        { partitionKey: 'p', rowKey: 'a', n: 3, s: 'x', at, etag: 'e' },
      );
      const some = await table.getRow('p', 'a', ['s']);
      assert.deepEqual(
        { ...some, etag: 'e' },
        { partitionKey: 'p', rowKey: 'a', s: 'x', etag: 'e' },
      );
      assert.equal(await table.getRow('p', 'zz'), undefined);
      assert.equal(await table.getRow('q', 'a'), undefined);
    });

    it('queries one partition in RowKey order within the bounds given', async () => {
      const table = await subject.table();
      const keys = ['01A', '01B', '01C', '~u~2026~01A', '~u~2026~01B'];
      await table.submitTransaction(keys.map((k) => create(row('p', k))));
      await table.submitTransaction([create(row('o', '01B'))]);
      await table.submitTransaction([create(row('q', '01B'))]);
      const range = async (bounds: { from?: string; through?: string; before?: string }) =>
        (await table.queryRange({ partitionKey: 'p', top: 1000, ...bounds })).rows.map(
          (r) => r.rowKey,
        );
      assert.deepEqual(await range({}), keys);
      assert.deepEqual(await range({ before: '~' }), ['01A', '01B', '01C']);
      assert.deepEqual(await range({ from: '01B', through: '01C' }), ['01B', '01C']);
      assert.deepEqual(await range({ from: '~u~', before: '~u~~' }), [
        '~u~2026~01A',
        '~u~2026~01B',
      ]);
      assert.deepEqual(await range({ from: '01D', before: '~' }), []);
    });

    it('pages through a range with the service-shaped token, every row once', async () => {
      const table = await subject.table();
      const keys = Array.from({ length: 250 }, (_, i) => `K${String(i).padStart(4, '0')}`);
      for (let i = 0; i < keys.length; i += 100) {
        await table.submitTransaction(keys.slice(i, i + 100).map((k) => create(row('p', k))));
      }
      await table.submitTransaction([create(row('q', 'K0001'))]);
      const { keys: read, pages } = await allRowKeys(table, 'p', 40);
      assert.deepEqual(read, keys);
      assert.equal(pages, 7);
      const first = await table.queryRange({ partitionKey: 'p', top: 10 });
      assert.ok(first.continuationToken);
      const shape = JSON.parse(Buffer.from(first.continuationToken, 'base64').toString()) as Record<
        string,
        unknown
      >;
      assert.equal(typeof shape.nextPartitionKey, 'string');
      assert.equal(typeof shape.nextRowKey, 'string');
    });

    it('takes a forged token without failing, staying inside the partition', async () => {
      const table = await subject.table();
      await table.submitTransaction([create(row('p', 'a')), create(row('p', 'b'))]);
      await table.submitTransaction([create(row('q', 'a'))]);
      const forged = Buffer.from(
        JSON.stringify({ nextPartitionKey: 'cQ==', nextRowKey: 'YQ==' }),
      ).toString('base64');
      const page = await table.queryRange({
        partitionKey: 'p',
        top: 10,
        continuationToken: forged,
      });
      assert.ok(page.rows.every((r) => r.partitionKey === 'p'));
    });

    it('applies a transaction all or nothing: a create of an existing row changes nothing', async () => {
      const table = await subject.table();
      await table.submitTransaction([create(row('p', 'a', { v: 1 }))]);
      assert.deepEqual(
        await table.submitTransaction([create(row('p', 'b')), create(row('p', 'a', { v: 2 }))]),
        { committed: false, conflict: 'exists' },
      );
      assert.equal(await table.getRow('p', 'b'), undefined);
      assert.equal((await table.getRow('p', 'a'))?.v, 1);
    });

    it('replaces a row only while its ETag matches, and the ETag changes on every write', async () => {
      const table = await subject.table();
      await table.submitTransaction([create(row('p', 'a', { v: 1, keep: 'k' }))]);
      const first = await table.getRow('p', 'a');
      assert.ok(first);
      assert.deepEqual(
        await table.submitTransaction([
          { kind: 'replace', row: row('p', 'a', { v: 2 }), etag: first.etag },
        ]),
        { committed: true },
      );
      const second = await table.getRow('p', 'a');
      assert.ok(second);
      assert.notEqual(second.etag, first.etag);
      assert.deepEqual(
        { ...second, etag: 'e' },
        { partitionKey: 'p', rowKey: 'a', v: 2, etag: 'e' },
      );
      assert.deepEqual(
        await table.submitTransaction([
          create(row('p', 'c')),
          { kind: 'replace', row: row('p', 'a', { v: 3 }), etag: first.etag },
        ]),
        { committed: false, conflict: 'changed' },
      );
      assert.equal((await table.getRow('p', 'a'))?.v, 2);
      assert.equal(await table.getRow('p', 'c'), undefined);
      assert.deepEqual(
        await table.submitTransaction([{ kind: 'replace', row: row('p', 'zz'), etag: first.etag }]),
        { committed: false, conflict: 'missing' },
      );
    });

    it('deletes a row, and a delete of a missing row fails the whole transaction', async () => {
      const table = await subject.table();
      await table.submitTransaction([create(row('p', 'a')), create(row('p', 'b'))]);
      assert.deepEqual(
        await table.submitTransaction([
          { kind: 'delete', partitionKey: 'p', rowKey: 'a' },
          { kind: 'delete', partitionKey: 'p', rowKey: 'zz' },
        ]),
        { committed: false, conflict: 'missing' },
      );
      assert.ok(await table.getRow('p', 'a'));
      assert.deepEqual(
        await table.submitTransaction([{ kind: 'delete', partitionKey: 'p', rowKey: 'a' }]),
        {
          committed: true,
        },
      );
      assert.equal(await table.getRow('p', 'a'), undefined);
      assert.deepEqual((await allRowKeys(table, 'p', 10)).keys, ['b']);
    });

    it('upserts: merge keeps columns the row does not name, replace drops them', async () => {
      const table = await subject.table();
      await table.submitTransaction([
        { kind: 'upsert', mode: 'merge', row: row('p', 'a', { x: 1, y: 1 }) },
        { kind: 'upsert', mode: 'replace', row: row('p', 'b', { x: 1, y: 1 }) },
      ]);
      await table.submitTransaction([
        { kind: 'upsert', mode: 'merge', row: row('p', 'a', { x: 2 }) },
        { kind: 'upsert', mode: 'replace', row: row('p', 'b', { x: 2 }) },
      ]);
      const strip = (r: TableRow | undefined) => ({ ...r, etag: undefined });
      assert.deepEqual(strip(await table.getRow('p', 'a')), {
        partitionKey: 'p',
        rowKey: 'a',
        x: 2,
        y: 1,
        etag: undefined,
      });
      assert.deepEqual(strip(await table.getRow('p', 'b')), {
        partitionKey: 'p',
        rowKey: 'b',
        x: 2,
        etag: undefined,
      });
    });

    it('fails every operation on a table that does not exist with 404 TableNotFound', async () => {
      const table = subject.missingTable();
      const notFound = (error: unknown) => {
        assert.ok(error instanceof TableRequestError);
        assert.equal(error.status, 404);
        assert.equal(error.code, 'TableNotFound');
        return true;
      };
      await assert.rejects(table.queryRange({ partitionKey: 'p', top: 1 }), notFound);
      await assert.rejects(table.getRow('p', 'a'), notFound);
      await assert.rejects(table.submitTransaction([create(row('p', 'a'))]), notFound);
    });

    it('treats creating an existing table as success', async () => {
      const table = await subject.table();
      await table.createTable();
    });
  });
}
