import type { HostSnapshot } from '@underlay/core';
import { createRefreshGate } from './refresh-gate';

// Every live event refreshes the topology of every open page, and a refresh
// read every online host: a change on one of 100 hosts cost 100 agent round
// trips before the redraw. A host's snapshot now stays valid until something
// says it changed: an event from that host, its link changing state, or a
// mutation the hub sent it (hub.ts drops it, before the event reaches any
// page). Each drop bumps the host's generation; a read keeps its answer only
// if no drop happened while it ran, so a read that started before a change
// can never be served after it.

interface Entry {
  /** The last snapshot read, valid or not: an offline host is drawn (greyed) with it. */
  last: HostSnapshot | null;
  valid: boolean;
  generation: number;
  /** The read running for the current generation, which callers share. */
  inflight: { generation: number; read: Promise<HostSnapshot> } | null;
}

/** What host-views reads through and the hub drops: the only way to a host's cached snapshot. */
export interface SnapshotCache {
  /** The host's valid snapshot, else one read by `load` (shared by callers of one generation). */
  read(
    hostId: string,
    load: () => Promise<HostSnapshot>,
    opts?: { fresh?: boolean },
  ): Promise<HostSnapshot>;
  /** The last snapshot read for a host, valid or not (null when it never answered). */
  last(hostId: string): HostSnapshot | null;
  /** Something changed on the host (or may have): its next read asks the agent. */
  drop(hostId: string): void;
}

/** One cache per hub: the hub drops entries as its links report events and state changes. */
export function createSnapshotCache(): SnapshotCache {
  const entries = new Map<string, Entry>();
  // Reads of one host never overlap: one runs, at most one more waits (refresh-gate.ts).
  const gate = createRefreshGate<string, HostSnapshot>();
  return {
    read(hostId, load, { fresh = false } = {}) {
      const e = entryOf(entries, hostId);
      if (!fresh) {
        if (e.valid && e.last) return Promise.resolve(e.last);
        if (e.inflight?.generation === e.generation) return e.inflight.read;
      }
      return gate(hostId, () => startRead(e, load));
    },
    last: (hostId) => entries.get(hostId)?.last ?? null,
    drop(hostId) {
      const e = entryOf(entries, hostId);
      e.generation += 1;
      e.valid = false;
    },
  };
}

function entryOf(entries: Map<string, Entry>, hostId: string): Entry {
  let e = entries.get(hostId);
  if (!e) {
    e = { last: null, valid: false, generation: 0, inflight: null };
    entries.set(hostId, e);
  }
  return e;
}

function startRead(e: Entry, load: () => Promise<HostSnapshot>): Promise<HostSnapshot> {
  // Taken when the read starts, not when it was asked for: a queued read sees every drop before it.
  const generation = e.generation;
  const read = load().then((snapshot) => {
    e.last = snapshot;
    if (e.generation === generation) e.valid = true;
    return snapshot;
  });
  e.inflight = { generation, read };
  const clear = () => {
    if (e.inflight?.read === read) e.inflight = null;
  };
  void read.then(clear, clear);
  return read;
}
