import type { SpanRecord } from '../../shared/telemetry/SpanRecord.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';

/** Options of {@link formatWaterfall}. */
export interface WaterfallOptions {
  /** Width of the timeline column, characters. Default 40. */
  readonly barWidth?: number;
  /** Siblings of one name shown before the rest are summed up in one line. Default 8. */
  readonly maxSiblings?: number;
}

interface Node {
  readonly span: SpanRecord;
  readonly children: Node[];
}

const NAME_WIDTH = 44;

/**
 * A run's spans as a terminal waterfall: one line a span, indented as a tree (parents across
 * both apps), a bar placed on the run's timeline, its duration and what matters about it (status
 * code, refusal or failure code, token cache, partition). Long runs of siblings with one name
 * (pages) are cut after `maxSiblings`, with one line counting the rest, their time and errors.
 */
export function formatWaterfall(
  runId: string,
  spans: readonly SpanRecord[],
  options: WaterfallOptions = {},
): string[] {
  const barWidth = options.barWidth ?? 40;
  const maxSiblings = options.maxSiblings ?? 8;
  const roots = buildTree(spans);
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.endMs));
  const total = Math.max(end - start, 1);
  const services = new Set(spans.map((s) => s.service));
  const errors = spans.filter((s) => s.status === 'error').length;
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  const lines = [
    `Run ${runId} · trace ${traceIds.join(', ')}`,
    `${formatDuration(total)} · ${spans.length} spans · ${[...services].sort().join(' + ')}${errors > 0 ? ` · ${errors} with errors (✗)` : ''}`,
    '',
    `${'span'.padEnd(NAME_WIDTH)} ${'service'.padEnd(18)} ${'0'.padEnd(barWidth - formatDuration(total).length)}${formatDuration(total)}  duration  detail`,
  ];
  const walk = (nodes: readonly Node[], indent: string, top: boolean) => {
    const groups = groupSiblings(nodes, maxSiblings);
    for (const [index, group] of groups.entries()) {
      const last = index === groups.length - 1;
      const branch = top ? '' : last ? '└ ' : '├ ';
      if ('more' in group) {
        const label = `${indent}${branch}… ${group.more.length} more "${group.name}"`;
        const sum = group.more.reduce((ms, n) => ms + (n.span.endMs - n.span.startMs), 0);
        const failed = group.more.filter((n) => n.span.status === 'error').length;
        lines.push(
          `${clip(label, NAME_WIDTH)} ${''.padEnd(18)} ${''.padEnd(barWidth)}  ${formatDuration(sum).padStart(8)}  in all${failed > 0 ? `, ${failed} ✗` : ''}`,
        );
        continue;
      }
      const { span } = group;
      const mark = span.status === 'error' ? '✗ ' : '';
      lines.push(
        `${clip(`${indent}${branch}${mark}${span.name}`, NAME_WIDTH)} ${clip(span.service, 18)} ${bar(span, start, total, barWidth)}  ${formatDuration(span.endMs - span.startMs).padStart(8)}  ${detail(span)}`,
      );
      walk(group.children, top ? indent : `${indent}${last ? '  ' : '│ '}`, false);
    }
  };
  walk(roots, '', true);
  return lines;
}

function buildTree(spans: readonly SpanRecord[]): Node[] {
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(`${span.traceId}/${span.spanId}`, { span, children: [] });
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const { parentSpanId, traceId } = node.span;
    const parent = parentSpanId ? nodes.get(`${traceId}/${parentSpanId}`) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byStart = (a: Node, b: Node) => a.span.startMs - b.span.startMs;
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

type Group = Node | { readonly name: string; readonly more: readonly Node[] };

/** Siblings in start order, all but the first `max` of each name folded into one group. */
function groupSiblings(nodes: readonly Node[], max: number): Group[] {
  const seen = new Map<string, number>();
  const folded = new Map<string, Node[]>();
  const groups: Group[] = [];
  for (const node of nodes) {
    const count = (seen.get(node.span.name) ?? 0) + 1;
    seen.set(node.span.name, count);
    if (count <= max) {
      groups.push(node);
      continue;
    }
    let more = folded.get(node.span.name);
    if (more === undefined) {
      more = [];
      folded.set(node.span.name, more);
      groups.push({ name: node.span.name, more });
    }
    more.push(node);
  }
  return groups;
}

function bar(span: SpanRecord, start: number, total: number, width: number): string {
  const from = Math.min(width - 1, Math.floor(((span.startMs - start) / total) * width));
  const to = Math.max(from + 1, Math.min(width, Math.ceil(((span.endMs - start) / total) * width)));
  return `${' '.repeat(from)}${'█'.repeat(to - from)}${' '.repeat(width - to)}`;
}

/** What an operator looks for on a span's line. */
function detail(span: SpanRecord): string {
  const a = span.attributes;
  const parts: string[] = [];
  const push = (value: string | number | boolean | undefined, prefix = '') => {
    if (value !== undefined) parts.push(`${prefix}${String(value)}`);
  };
  push(a[ATTR.partition]);
  push(a[ATTR.httpStatus]);
  if (typeof a[ATTR.attempt] === 'number') push(`retry ${a[ATTR.attempt]}`);
  push(a[ATTR.tokenCredential]);
  push(a[ATTR.tokenCache], 'cache ');
  push(a[ATTR.authOutcome]);
  push(a[ATTR.authRefusalCode]);
  push(a[ATTR.storeItems], 'rows ');
  push(a[ATTR.runStatus]);
  if (typeof a[ATTR.orders] === 'number') push(`${a[ATTR.orders]} orders`);
  push(a[ATTR.failureCode]);
  if (span.status === 'error' && span.statusMessage && !parts.includes(span.statusMessage)) {
    push(span.statusMessage);
  }
  return parts.join(' · ');
}

/** `850 µs`, `12 ms`, `4.8 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
