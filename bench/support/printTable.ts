/** A table as rows of cells; the first row is the header. */
export type TableRows = readonly (readonly string[])[];

/** Per column; default: the first column left, the others right (they usually hold figures). */
export type ColumnAlignment = readonly ('left' | 'right')[];

/** Formats rows as an aligned table, indented by two spaces. */
export function formatTable(rows: TableRows, align: ColumnAlignment = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  const pad = (cell: string, i: number) =>
    (align[i] ?? (i === 0 ? 'left' : 'right')) === 'left'
      ? cell.padEnd(widths[i] ?? 0)
      : cell.padStart(widths[i] ?? 0);
  return rows.map((row) => `  ${row.map(pad).join('  ')}`.trimEnd());
}

/** A target line, `target: <what>: met` or `... MISSED (<why>)`, as every section prints it. */
export function formatTarget(what: string, met: boolean, detail?: string): string {
  return `  target: ${what}: ${met ? 'met' : 'MISSED'}${detail ? ` (${detail})` : ''}`;
}
