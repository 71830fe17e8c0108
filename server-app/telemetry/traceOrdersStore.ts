import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';

import { tracer } from '../../shared/telemetry/instruments.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';
import type { OrdersStore } from '../orders/OrdersStore.js';

type ReadStore = Pick<OrdersStore, 'listPage' | 'listPartitions'>;

/**
 * Wraps the store's reads so each is a client span `orders store <operation>`: the partition,
 * whether it is a delta, the rows returned and whether more follow. Never an order, an id or a
 * continuation token.
 */
export function traceOrdersStore<S extends ReadStore>(store: S): S {
  const listPage: OrdersStore['listPage'] = (query) =>
    inSpan(
      'listPage',
      { [ATTR.partition]: query.partition, 'orders.store.delta': query.since !== undefined },
      async (span) => {
        const page = await store.listPage(query);
        span.setAttributes({
          [ATTR.storeItems]: page.items.length,
          [ATTR.storeMore]: page.continuationToken !== null,
        });
        return page;
      },
    );
  const listPartitions: OrdersStore['listPartitions'] = () =>
    inSpan('listPartitions', {}, async (span) => {
      const partitions = await store.listPartitions();
      span.setAttribute(ATTR.storeItems, partitions.length);
      return partitions;
    });
  return Object.assign(Object.create(store) as S, { listPage, listPartitions });
}

function inSpan<T>(
  operation: string,
  attributes: Readonly<Record<string, string | boolean>>,
  run: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    `orders store ${operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        ...attributes,
        [ATTR.storeOperation]: operation,
        [ATTR.storeSystem]: 'azure.tables',
      },
    },
    async (span) => {
      try {
        return await run(span);
      } catch (error) {
        const type = error instanceof Error ? error.name : typeof error;
        span.setAttribute(ATTR.errorType, type);
        span.setStatus({ code: SpanStatusCode.ERROR, message: type });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
