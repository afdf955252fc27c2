import type { ProcedureInput, ProcedureOutput, ProcedurePath } from '@underlay/agent';
import type { AgentEvent } from '@underlay/core';
import type { Db } from '../db';
import { AgentInfoSchema, type AgentInfo } from './agent-info';
import {
  AgentUnavailableError,
  describeUnavailable,
  openAgentLink,
  type AgentLink,
  type AgentLinkOptions,
  type LinkState,
} from './agent-link';
import { configureAgentStore, type HubStoreAdvert, resetAgentStore } from './configure-store';
import { openEventStore, type EventStore } from './event-store';
import { fetchSnapshot } from './host-snapshot';
import { createRefreshGate } from './refresh-gate';
import { getHost, listHosts, type HostRecord } from './registry';
import { createSnapshotCache, type SnapshotCache } from './snapshot-cache';

// The hub: one live link per registered host, each host's state as the UI
// shows it, and one feed merging every agent's events with state changes.

export interface HostStatus extends LinkState {
  hostId: string;
  lastSeen: number | null;
  info: AgentInfo | null;
  /** "reconnecting, next try in 4 s (…)" or null when online. */
  summary: string | null;
}

export type HubEvent =
  | { kind: 'agent'; hostId: string; host: string; event: AgentEvent }
  | {
      kind: 'state';
      hostId: string;
      host: string;
      status: LinkState['status'];
      summary: string | null;
    };

interface Entry {
  record: HostRecord;
  link: AgentLink;
  lastSeen: number | null;
  info: AgentInfo | null;
  stopEvents: (() => void) | null;
  /** The agent has started this link's event stream: from then on every change of the host reaches the hub. */
  watching: boolean;
  /** Resolves `settled` once the host has first answered with its snapshot, or failed to connect or to stream. */
  settle: () => void;
  settled: Promise<void>;
}

export interface HubOptions {
  db: Db;
  openLink?: (options: AgentLinkOptions) => AgentLink;
  now?: () => number;
  /** The hub's fleet store, given to every agent when its link comes online. */
  fleetStore?: HubStoreAdvert;
}

/** Keeps one link per host and merges their events. */
export class Hub {
  /** Every host's events and state changes, kept in the hub's SQLite (event-store.ts). */
  readonly feed: EventStore;
  /** Each host's snapshot until it changes (snapshot-cache.ts); dropped here, before the feed hears of the change. */
  readonly snapshots: SnapshotCache = createSnapshotCache();
  private readonly entries = new Map<string, Entry>();
  private readonly db: Db;
  private readonly openLink: (options: AgentLinkOptions) => AgentLink;
  private readonly now: () => number;
  // A network create publishes link.added, link.up and network.created together: one info read serves them all.
  private readonly infoReads = createRefreshGate<Entry, void>();
  private readonly fleetStore: HubStoreAdvert | undefined;
  private readonly storeWarned = new Set<string>();
  private startAnswers: Promise<void> = Promise.resolve();

  constructor({ db, openLink = openAgentLink, now = Date.now, fleetStore }: HubOptions) {
    this.db = db;
    this.openLink = openLink;
    this.now = now;
    this.fleetStore = fleetStore;
    this.feed = openEventStore(db, { now });
  }

  /** Connects every registered host; `firstAnswers()` waits for them at most `firstAnswerWaitMs` from now. */
  start(firstAnswerWaitMs = 0): void {
    for (const record of listHosts(this.db)) this.connect(record);
    this.startAnswers = this.settled(firstAnswerWaitMs);
  }

  /** Resolves once the hosts connected by `start` have first answered or failed, or when its wait ran out. */
  firstAnswers(): Promise<void> {
    return this.startAnswers;
  }

  /** (Re)connects one host, replacing its previous link. */
  connect(record: HostRecord): void {
    void this.disconnect(record.id);
    this.snapshots.drop(record.id);
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const entry: Entry = {
      record,
      link: undefined as unknown as AgentLink,
      lastSeen: null,
      info: null,
      stopEvents: null,
      watching: false,
      settle,
      settled,
    };
    entry.link = this.openLink({
      address: record.address,
      token: record.token,
      tlsCa: record.tlsCa,
      now: this.now,
      onState: (state) => this.onState(entry, state),
    });
    this.entries.set(record.id, entry);
  }

  /** Resolves when every host has first answered with its snapshot or failed to, or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.entries.values()].map((e) => e.settled)), waited]);
    clearTimeout(timer);
  }

  /** Reconnects a host after its registry row changed. */
  refresh(id: string): void {
    const record = getHost(this.db, id);
    if (record) this.connect(record);
    else void this.disconnect(id);
  }

  /** Drops a host's link. */
  async disconnect(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.stopEvents?.();
    await entry.link.close();
  }

  /** Before a host leaves the registry: its agent stops using the hub's store (when online and on it). */
  async resetFleetStore(id: string): Promise<'reset' | 'other-store' | 'failed' | 'offline'> {
    const entry = this.entries.get(id);
    if (!this.fleetStore || !entry || entry.link.state().status !== 'online') return 'offline';
    return resetAgentStore(entry.link, entry.record, this.fleetStore.log);
  }

  /** Closes every link (server shutdown, tests). */
  async stop(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.disconnect(id)));
  }

  /** What the UI shows for a host. */
  status(id: string): HostStatus {
    const entry = this.entries.get(id);
    if (!entry)
      return {
        hostId: id,
        status: 'reconnecting',
        nextRetryAt: null,
        lastError: 'not connected',
        lastSeen: null,
        info: null,
        summary: 'not connected',
      };
    const state = entry.link.state();
    return {
      hostId: id,
      ...state,
      lastSeen: entry.lastSeen,
      info: entry.info,
      summary: state.status === 'online' ? null : describeUnavailable(state, this.now()),
    };
  }

  /** Calls a query on a host's agent; throws AgentUnavailableError when it is not connected. */
  async query<P extends ProcedurePath>(
    id: string,
    path: P,
    input?: ProcedureInput<P>,
    timeoutMs?: number,
  ): Promise<ProcedureOutput<P>> {
    const result = await this.linkOf(id).query(path, input, timeoutMs);
    this.seen(id);
    return result;
  }

  /** Calls a mutation on a host's agent. */
  async mutate<P extends ProcedurePath>(
    id: string,
    path: P,
    input?: ProcedureInput<P>,
    timeoutMs?: number,
  ): Promise<ProcedureOutput<P>> {
    try {
      const result = await this.linkOf(id).mutate(path, input, timeoutMs);
      this.seen(id);
      return result;
    } finally {
      // Not every change publishes an event (routes.set does not), and a failed one may have done part.
      this.snapshots.drop(id);
    }
  }

  /** Whether the hub hears the host's events now: only then may its snapshot be answered from the cache. */
  watching(id: string): boolean {
    return this.entries.get(id)?.watching === true;
  }

  /** The host's snapshot as the topology draws it, through the cache (a fresh read unless its events are heard). */
  readSnapshot(id: string, { fresh = false }: { fresh?: boolean } = {}) {
    return this.snapshots.read(
      id,
      () => fetchSnapshot((path, input) => this.query(id, path, input)),
      { fresh: fresh || !this.watching(id) },
    );
  }

  /** Host ids with a link. */
  hostIds(): string[] {
    return [...this.entries.keys()];
  }

  private linkOf(id: string): AgentLink {
    const entry = this.entries.get(id);
    if (!entry)
      throw new AgentUnavailableError({
        status: 'reconnecting',
        nextRetryAt: null,
        lastError: 'this host is not registered',
      });
    return entry.link;
  }

  private seen(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.lastSeen = this.now();
  }

  private onState(entry: Entry, state: LinkState): void {
    const { record } = entry;
    // Back online: events sent while away were lost. Away: drawn from its last snapshot, read again on return.
    this.snapshots.drop(record.id);
    if (state.status !== 'online') {
      entry.watching = false;
      if (state.status === 'reconnecting') entry.settle();
    } else {
      entry.lastSeen = this.now();
      void this.loadInfo(entry);
      if (this.fleetStore)
        void configureAgentStore(entry.link, record, this.fleetStore, this.storeWarned);
      entry.stopEvents ??= this.watchEvents(entry);
    }
    this.feed.push({
      kind: 'state',
      hostId: record.id,
      host: record.name,
      status: state.status,
      summary: state.status === 'online' ? null : describeUnavailable(state, this.now()),
    });
  }

  private watchEvents(entry: Entry): () => void {
    const { record } = entry;
    // Unwatched, a host's changes would reach neither the cache nor the pages: it is read on every refresh.
    const setWatching = (watching: boolean) => {
      entry.watching = watching;
      this.snapshots.drop(record.id);
      // Read now, not when a page first asks: a hub that starts with open pages draws from the cache at once.
      if (watching) void this.readSnapshot(record.id).then(entry.settle, entry.settle);
    };
    return entry.link.subscribe(
      'events.stream',
      {},
      {
        onStarted: () => setWatching(true),
        onData: ({ data: event }) => {
          entry.lastSeen = this.now();
          // Before the feed: a page refetches on hearing of the event and must not be answered from the cache.
          this.snapshots.drop(record.id);
          // Links come and go with networks: keep the parents the forms validate against current.
          if (/^(link|network)\./.test(event.type))
            void this.infoReads(entry, () => this.loadInfo(entry));
          this.feed.push({ kind: 'agent', hostId: record.id, host: record.name, event });
        },
        onError: () => {
          entry.stopEvents = null;
          setWatching(false);
          entry.settle();
        },
      },
    );
  }

  private async loadInfo(entry: Entry): Promise<void> {
    try {
      const parsed = AgentInfoSchema.safeParse(await entry.link.query('host.info'));
      if (parsed.success) entry.info = parsed.data;
    } catch {
      // Shown as offline/reconnecting by the link state; the next open retries.
    }
  }
}
