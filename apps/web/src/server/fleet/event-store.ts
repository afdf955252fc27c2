import type { Db } from '../db';
import { eventColumns, type EventColumns } from './event-columns';
import type { EventLog, Logged } from './event-log';
import type { HubEvent } from './hub';

// The hub's event history: every agent's events and host state changes, kept
// in the hub's SQLite so the Events page opens with what happened before it
// (and before a restart). Bounded by count, not age: the newest 10,000 rows,
// so a burst (a 100-host fleet reconnecting) cannot grow the file without
// limit and a quiet fleet still shows its last changes however old they are.

/** How many events the hub keeps by default. */
export const EVENT_HISTORY_LIMIT = 10_000;

export interface HistoryItem extends Logged<HubEvent>, EventColumns {}

export interface HistoryFilter {
  host?: string;
  kind?: string;
  network?: string;
  /** Newest first, at most this many (default 500). */
  limit?: number;
}

export interface EventStore extends EventLog<HubEvent> {
  push(event: HubEvent): HistoryItem;
  /** The newest events matching every given filter, newest first; `total` counts all matches. */
  history(filter?: HistoryFilter): { items: HistoryItem[]; total: number };
  /** The hosts, kinds and networks the history holds (the filters' choices). */
  facets(): { hosts: string[]; kinds: string[]; networks: string[] };
}

interface Row {
  id: number;
  at: number;
  host_id: string;
  host: string;
  kind: string;
  type: string;
  network: string | null;
  network_id: string | null;
  link: string | null;
  body: string;
}

/** Opens the history in the hub's database (migration 3 made its table). */
export function openEventStore(
  db: Db,
  { capacity = EVENT_HISTORY_LIMIT, now = Date.now } = {},
): EventStore {
  const q = statements(db);
  const listeners = new Set<(entry: Logged<HubEvent>) => void>();
  const insert = db.transaction((event: HubEvent, at: number) =>
    insertEvent(q, capacity, event, at),
  );
  return {
    push(event) {
      const entry = insert(event, now());
      for (const listener of listeners) listener(entry);
      return entry;
    },
    since: (lastId) => (lastId === null ? [] : (q.since.all(lastId) as Row[]).map(fromRow)),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    history: (filter = {}) => history(db, filter),
    facets: () => ({
      hosts: q.hosts.pluck().all() as string[],
      kinds: q.kinds.pluck().all() as string[],
      networks: q.networks.pluck().all() as string[],
    }),
  };
}

// One row, its network named on the links a create published before it, and the oldest beyond `capacity` gone.
function insertEvent(
  q: ReturnType<typeof statements>,
  capacity: number,
  event: HubEvent,
  at: number,
): HistoryItem {
  const cols = resolve(q, eventColumns(event));
  const { lastInsertRowid } = q.insert.run({
    ...columnParams(cols),
    at,
    body: JSON.stringify(event),
  });
  const id = Number(lastInsertRowid);
  // A create publishes link.added/up before network.created: name the network on them now.
  if (event.kind === 'agent' && event.event.type === 'network.created' && cols.link)
    q.backfill.run({
      network: cols.network,
      hostId: cols.hostId,
      link: cols.link,
      from: id - 50,
    });
  q.prune.run(id - capacity);
  return { id, at, event, ...cols };
}

function statements(db: Db) {
  return {
    insert: db.prepare(
      `INSERT INTO events (at, host_id, host, kind, type, network, network_id, link, body)
       VALUES (@at, @hostId, @host, @kind, @type, @network, @networkId, @link, @body)`,
    ),
    backfill: db.prepare(
      `UPDATE events SET network = @network
       WHERE host_id = @hostId AND link = @link AND network IS NULL AND id > @from`,
    ),
    prune: db.prepare('DELETE FROM events WHERE id <= ?'),
    since: db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT 1000'),
    byNetworkId: db.prepare(
      'SELECT network FROM events WHERE network_id = ? AND network IS NOT NULL ORDER BY id DESC LIMIT 1',
    ),
    byLink: db.prepare(
      `SELECT network FROM events WHERE host_id = ? AND link = ? AND network IS NOT NULL
       ORDER BY id DESC LIMIT 1`,
    ),
    hosts: db.prepare('SELECT DISTINCT host FROM events ORDER BY host'),
    kinds: db.prepare('SELECT DISTINCT kind FROM events ORDER BY kind'),
    networks: db.prepare(
      'SELECT DISTINCT network FROM events WHERE network IS NOT NULL ORDER BY network',
    ),
  };
}

// Endpoint and link events name no network: take it from the newest event that tied their id or link to one.
function resolve(q: ReturnType<typeof statements>, cols: EventColumns): EventColumns {
  if (cols.network !== null) return cols;
  const found = cols.networkId
    ? q.byNetworkId.pluck().get(cols.networkId)
    : cols.link
      ? q.byLink.pluck().get(cols.hostId, cols.link)
      : undefined;
  return typeof found === 'string' ? { ...cols, network: found } : cols;
}

function columnParams(cols: EventColumns) {
  const { hostId, host, kind, type, network, networkId, link } = cols;
  return { hostId, host, kind, type, network, networkId, link };
}

function history(db: Db, filter: HistoryFilter): { items: HistoryItem[]; total: number } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  for (const key of ['host', 'kind', 'network'] as const) {
    const value = filter[key];
    if (!value) continue;
    where.push(`${key} = @${key}`);
    params[key] = value;
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.max(1, Math.min(filter.limit ?? 500, EVENT_HISTORY_LIMIT));
  const rows = db
    .prepare(`SELECT * FROM events ${clause} ORDER BY id DESC LIMIT ${limit}`)
    .all(params) as Row[];
  const total = db.prepare(`SELECT count(*) FROM events ${clause}`).pluck().get(params) as number;
  return { items: rows.map(fromRow), total };
}

function fromRow(row: Row): HistoryItem {
  return {
    id: row.id,
    at: row.at,
    event: JSON.parse(row.body) as HubEvent,
    hostId: row.host_id,
    host: row.host,
    kind: row.kind,
    type: row.type,
    network: row.network,
    networkId: row.network_id,
    link: row.link,
  };
}
