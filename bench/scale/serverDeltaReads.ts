import { formatTable } from '../support/printTable.js';
import {
  benchDeltaReads,
  benchDeltaReadsOnAzurite,
  type AzuriteDeltaReadFigures,
  type DeltaReadFigures,
} from './benchDeltaReads.js';
import type { DeltaCostFigures } from './judgeScale.js';

/** What the server side measured: the judged in-memory figures and the Azurite confirmation. */
export interface ServerDeltaReads {
  readonly memory: DeltaReadFigures | undefined;
  readonly azurite: AzuriteDeltaReadFigures | undefined;
  /** Why a variant has no figures (it threw). */
  readonly notes: readonly string[];
}

/**
 * Issue 11 (b), through the server's own store (bench/scale/benchDeltaReads.ts): entities read by
 * a delta of 1,000 touched orders against a full read, at 100k orders on the in-memory counting
 * table (judged) and at the largest size Azurite seeds in reasonable time (shown: the same counts
 * through the real SDK). A variant that fails is reported, not thrown, so the client figures
 * still print.
 */
export async function runServerDeltaReads(): Promise<ServerDeltaReads> {
  const notes: string[] = [];
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      notes.push(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const memory = await attempt('the in-memory delta bench', () => benchDeltaReads());
  const azurite = await attempt('the Azurite delta bench', () => benchDeltaReadsOnAzurite());
  return { memory, azurite, notes };
}

/** The judged figures: the in-memory run's. */
export function deltaCostOf(server: ServerDeltaReads): DeltaCostFigures | undefined {
  const figures = server.memory;
  return figures
    ? {
        orders: figures.orders,
        changes: figures.touched,
        fullEntitiesRead: figures.fullReadEntities,
        deltaEntitiesRead: figures.deltaEntities,
        deltaItems: figures.deltaItems,
      }
    : undefined;
}

export function printServerDeltaReads(server: ServerDeltaReads): void {
  console.log(
    '  Server side: entities read at the table port (CountingOrdersTable), page size 1000:',
  );
  const column = (figures: DeltaReadFigures | undefined, seed?: number) =>
    figures
      ? [
          figures.orders.toLocaleString('en-US'),
          figures.touched.toLocaleString('en-US'),
          figures.fullReadEntities.toLocaleString('en-US'),
          figures.deltaEntities.toLocaleString('en-US'),
          `${(figures.ratio * 100).toFixed(2)}%`,
          figures.deltaItems.toLocaleString('en-US'),
          seed === undefined ? '-' : `${seed.toFixed(0)} s`,
        ]
      : ['-', '-', '-', '-', '-', '-', '-'];
  const memory = column(server.memory);
  const azurite = column(server.azurite, server.azurite?.seedSeconds);
  const labels = [
    'orders in the partition',
    'orders touched',
    'full read: entities',
    'delta: entities',
    'delta / full',
    'delta: orders returned',
    'seeding took',
  ];
  const notes = [
    '',
    '',
    '',
    'the index rows read, plus the index check',
    'target < 2% (in memory)',
    'must equal the touched',
    'no wall-time claim for Azurite',
  ];
  const rows = [
    ['figure', 'in-memory table', 'Azurite', 'note'],
    ...labels.map((label, i) => [label, memory[i] ?? '-', azurite[i] ?? '-', notes[i] ?? '']),
  ];
  for (const line of formatTable(rows, ['left', 'right', 'right', 'left'])) console.log(line);
  for (const note of server.notes) console.log(`  NOTE: ${note}`);
}
