import { parse } from 'csv-parse/sync';
import { issue } from '../errors';
import type { FileIssue, Locate } from './file-issue';
import type { ParsedSource } from './parse-yaml';

// The plain table NetOps keeps: one row per network per host set. Cells are
// turned into the YAML document's shape (same schema, same checks), and each
// value remembers its row and column so errors point at the cell.

/** The columns a fleet CSV may have, in the order `export --format csv` writes them. */
export const CSV_COLUMNS = [
  'name',
  'vlan',
  'parent',
  'mode',
  'flag',
  'subnet',
  'gateway',
  'ip_range',
  'aux_addresses',
  'internal',
  'ipv4',
  'ipv6',
  'labels',
  'hosts',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

type Row = Partial<Record<Column, string>>;
interface Record_ {
  row: Row;
  line: number;
  index: number;
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

const cellBoolean = (text: string): boolean | string => BOOLEANS[text.toLowerCase()] ?? text;
const cellNumber = (text: string): number | string => (/^\d+$/.test(text) ? Number(text) : text);

/** `a=1;b=2` → { a: '1', b: '2' } (a bare key is an empty value, as Docker's --label). */
export function cellMap(text: string): Record<string, string> {
  const pairs = text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    }),
  );
}

/** `all`, empty, or words: names, `@list`, `key=value` labels. */
export function cellHosts(text: string): unknown {
  const words = text.split(/[\s;,]+/).filter(Boolean);
  if (!words.length || (words.length === 1 && words[0] === 'all')) return undefined;
  const labels = words.filter((w) => w.includes('='));
  const lists = words.filter((w) => w.startsWith('@')).map((w) => w.slice(1));
  const names = words.filter((w) => !w.includes('=') && !w.startsWith('@'));
  return {
    ...(names.length ? { names } : {}),
    ...(lists.length ? { lists } : {}),
    ...(labels.length ? { labels: cellMap(labels.join(';')) } : {}),
  };
}

function subnetOf(row: Row): Record<string, unknown> {
  return {
    subnet: row.subnet ?? '',
    ...(row.gateway ? { gateway: row.gateway } : {}),
    ...(row.ip_range ? { ipRange: row.ip_range } : {}),
    ...(row.aux_addresses ? { auxAddresses: cellMap(row.aux_addresses) } : {}),
  };
}

function networkOf(row: Row): Record<string, unknown> {
  const hosts = row.hosts ? cellHosts(row.hosts) : undefined;
  return {
    name: row.name ?? '',
    ...(row.vlan ? { vlan: cellNumber(row.vlan) } : {}),
    ...(row.parent ? { parent: row.parent } : {}),
    ...(row.mode ? { mode: row.mode } : {}),
    ...(row.flag ? { flag: row.flag } : {}),
    subnets: [subnetOf(row)],
    ...(row.internal ? { internal: cellBoolean(row.internal) } : {}),
    ...(row.ipv4 ? { ipv4: cellBoolean(row.ipv4) } : {}),
    ...(row.ipv6 ? { ipv6: cellBoolean(row.ipv6) } : {}),
    ...(row.labels ? { labels: cellMap(row.labels) } : {}),
    ...(hosts ? { hosts } : {}),
  };
}

// File path segment → CSV column, to place an issue on its cell.
const FIELD_COLUMN: Record<string, Column> = {
  name: 'name',
  vlan: 'vlan',
  parent: 'parent',
  mode: 'mode',
  flag: 'flag',
  subnet: 'subnet',
  gateway: 'gateway',
  ipRange: 'ip_range',
  auxAddresses: 'aux_addresses',
  internal: 'internal',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  labels: 'labels',
  hosts: 'hosts',
};

function readRecords(text: string): Record_[] {
  const records = parse(text, {
    columns: true,
    info: true,
    skip_empty_lines: true,
    trim: true,
    comment: '#',
  }) as { record: Row; info: { lines: number } }[];
  return records.map((r, index) => ({ row: r.record, line: r.info.lines, index }));
}

/** Parses the CSV table into the fleet document; unknown columns and CSV syntax errors are issues. */
export function parseCsv(file: string, text: string): ParsedSource {
  let records: Record_[];
  try {
    records = readRecords(text);
  } catch (error) {
    return syntaxError(file, error);
  }
  const header = Object.keys(records[0]?.row ?? {});
  const issues = unknownColumnIssues(file, header);
  const { networks, sources } = mergeRows(records);
  issues.push(...conflictIssues(file, header, sources));
  const locate = cellLocator(header, sources, records[0]);
  return { data: issues.length ? null : { version: 1, networks }, locate, issues };
}

// csv-parse's own message, placed on the line it names.
function syntaxError(file: string, error: unknown): ParsedSource {
  const e = error as { message: string; lines?: number };
  const problem = issue(
    'INVALID_INPUT',
    [],
    `CSV: ${e.message.replace(/\.$/, '')}.`,
    'Fix the CSV syntax.',
  );
  return {
    data: null,
    locate: () => ({ line: 1, column: 1 }),
    issues: [{ ...problem, file, field: '', line: e.lines ?? 1, column: 1 }],
  };
}

// A header cell that is no known column, placed on its header cell.
function unknownColumnIssues(file: string, header: string[]): FileIssue[] {
  return header
    .filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name))
    .map((name) => ({
      ...issue(
        'INVALID_INPUT',
        [],
        `unknown column "${name}".`,
        `Columns: ${CSV_COLUMNS.join(', ')}.`,
      ),
      file,
      field: name,
      line: 1,
      row: 0,
      column: header.indexOf(name) + 1,
    }));
}

// Document path (networks[i].subnets[j].field) → the row and column it came from.
function cellLocator(
  header: string[],
  sources: Record_[][],
  fallback: Record_ | undefined,
): Locate {
  return (path) => {
    const index = typeof path[1] === 'number' ? path[1] : 0;
    const source = sources[index]?.[typeof path[3] === 'number' ? path[3] : 0] ?? fallback;
    const segment = [...path].reverse().find((p) => typeof p === 'string' && p in FIELD_COLUMN);
    const column = segment ? header.indexOf(FIELD_COLUMN[segment as string] ?? '') + 1 : 1;
    return { line: source?.line ?? 1, row: (source?.index ?? 0) + 1, column: Math.max(column, 1) };
  };
}

// Rows with the same name and hosts cell are one network with several subnets.
function mergeRows(records: Record_[]): {
  networks: Record<string, unknown>[];
  sources: Record_[][];
} {
  const networks: Record<string, unknown>[] = [];
  const sources: Record_[][] = [];
  const byKey = new Map<string, number>();
  for (const record of records) {
    const key = `${record.row.name ?? ''}\u0000${record.row.hosts ?? ''}`;
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, networks.length);
      networks.push(networkOf(record.row));
      sources.push([record]);
    } else {
      (networks[at]?.subnets as unknown[]).push(subnetOf(record.row));
      sources[at]?.push(record);
    }
  }
  return { networks, sources };
}

// Cells that belong to the network, not to one subnet.
const NETWORK_COLUMNS: Column[] = [
  'vlan',
  'parent',
  'mode',
  'flag',
  'internal',
  'ipv4',
  'ipv6',
  'labels',
];

/** A repeated row (same name and hosts) that says something else about the network than its first row. */
function conflictIssues(file: string, header: string[], sources: Record_[][]): FileIssue[] {
  return sources.flatMap(([first, ...rest]) =>
    rest.flatMap((record) =>
      NETWORK_COLUMNS.filter((c) => record.row[c] && record.row[c] !== first?.row[c]).map((c) => ({
        ...issue(
          'INVALID_INPUT',
          [],
          `row ${record.index + 1} adds a subnet to network "${record.row.name ?? ''}" but its ${c} "${record.row[c]}" differs from row ${(first?.index ?? 0) + 1}'s "${first?.row[c] ?? ''}".`,
          'Rows of one network differ only in subnet, gateway, ip_range and aux_addresses: leave the other cells empty or equal.',
        ),
        file,
        field: c,
        line: record.line,
        row: record.index + 1,
        column: header.indexOf(c) + 1,
      })),
    ),
  );
}
