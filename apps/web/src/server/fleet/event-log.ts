// The shape of the hub's live feed for browsers: increasing ids, so an SSE
// client that reconnects with its last id gets what it missed. The hub keeps
// its feed in SQLite (event-store.ts); this in-memory ring serves tests and
// tools that need a feed without a database.

export interface Logged<E> {
  id: number;
  /** When the hub received it (ms since the epoch). */
  at: number;
  event: E;
}

export interface EventLog<E> {
  push(event: E): Logged<E>;
  since(lastId: number | null): Logged<E>[];
  listen(listener: (entry: Logged<E>) => void): () => void;
}

/** A ring of at most `capacity` events. */
export function createEventLog<E>(capacity = 500): EventLog<E> {
  const ring: Logged<E>[] = [];
  const listeners = new Set<(entry: Logged<E>) => void>();
  let nextId = 1;
  return {
    push(event) {
      const entry = { id: nextId++, at: Date.now(), event };
      ring.push(entry);
      if (ring.length > capacity) ring.shift();
      for (const listener of listeners) listener(entry);
      return entry;
    },
    since: (lastId) => (lastId === null ? [] : ring.filter((e) => e.id > lastId)),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
