// Docker prints its lists through Go's tabwriter (minwidth 20, padding 3):
// every column but the last is padded to max(20, widest cell + 3).

const MIN_WIDTH = 20;
const PADDING = 3;

/** Aligned text table with a header row, one string per line, no trailing spaces. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) =>
    Math.max(MIN_WIDTH, ...all.map((row) => (row[column] ?? '').length + PADDING)),
  );
  return all.map((row) =>
    row
      .map((cell, column) =>
        column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? MIN_WIDTH),
      )
      .join('')
      .trimEnd(),
  );
}

/** Pretty JSON, indented as `docker … inspect` does. */
export const formatJson = (value: unknown): string => JSON.stringify(value, null, 4);
