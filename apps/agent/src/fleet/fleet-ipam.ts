import {
  type AddressRequest,
  type AllocatedAddresses,
  DomainError,
  type FleetSegment,
  type FleetStoreConfig,
  type FleetStoreStatus,
  formatAddress,
  issue,
  type Network,
  parseCidr,
} from '@underlay/core';
import {
  type FleetStore,
  type FleetStoreError,
  HostLease,
  openFleetStore,
  SegmentClient,
} from '@underlay/fleet-store';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus';
import type { AgentMetrics } from '../metrics';
import { withClaimCrashHook } from './crash-hook';
import { measuredStore } from './measured-store';
import { adoptLocal, describeEntry, type LocalAddress, type SegmentEntry } from './segment-entry';
import { type FleetSubnet, fleetSubnets, inSubnet } from './subnets';

/** What the fleet IPAM needs from the agent. */
export interface FleetIpamOptions {
  /** The name blocks are claimed under (the host's name: one agent per name). */
  host: string;
  bus: EventBus;
  metrics: AgentMetrics;
  log: Logger;
  /** The networks on this host (read at each adoption). */
  networks: () => Network[];
  /** This host's addresses in use, by network id (endpoints, host shims). */
  localAddresses: (networkId: string) => LocalAddress[];
  /** Lease TTL: a host's blocks are freed only this long after it stopped renewing (default 4 h). */
  leaseTtlSeconds?: number;
  /** An empty block goes back after this long (default 10 min). */
  graceMs?: number;
  clock?: () => number;
  /** TEST HOOK (crash-hook.ts): SIGKILL after this many claims of free blocks; undefined: never. */
  crashAfterClaims?: number;
}

/** Addresses chosen fleet-wide for one endpoint, and how to give them back if the connect fails. */
export interface FleetClaim {
  request: AddressRequest;
  undo(): void;
}

const FIELD = { 4: 'ipv4Address', 6: 'ipv6Address' } as const;

/** Refusals that only mean "try the next address of the range". */
const SKIPPED_IN_RANGE = new Set([
  'ADDRESS_IN_USE',
  'ADDRESS_RESERVED',
  'ADDRESS_OUTSIDE_SUBNET',
  'BLOCK_HELD_ELSEWHERE',
]);

/** The events after which a network's segments may differ. */
const NETWORK_CHANGES = new Set(['network.created', 'network.updated', 'network.removed']);

// The agent's side of issue 15: one SegmentClient per segment this host is
// on, all on one lease. The local IPAM stays the host's registry (inspect,
// restore, Docker pools); this only chooses the addresses (from held blocks,
// or static ones claimed fleet-wide) before the local IPAM records them.
/** The host's fleet-wide allocator; inert (every call a no-op) with no store configured. */
export class FleetIpam {
  private config: FleetStoreConfig = { kind: 'none' };
  private store: FleetStore | null = null;
  private lease: HostLease | null = null;
  private readonly entries = new Map<string, SegmentEntry>();
  private reachable: boolean | null = null;
  private since: number;
  private readonly clock: () => number;
  // A network's segments, derived once: segmentOf parses and formats each
  // subnet, which every connect paid before (docs/perf.md, fleet IPAM). Dropped when a network is created, changed (labels
  // decide a segment) or removed, and when the store changes.
  private readonly subnetCache = new Map<string, FleetSubnet[]>();
  private readonly claimCounters = new Map<string, { inc(): void }>();
  private readonly unfollow: () => void;
  /** Endpoint claims running now (the test crash hook counts only their block claims). */
  private claiming = 0;

  constructor(private readonly options: FleetIpamOptions) {
    this.clock = options.clock ?? Date.now;
    this.since = this.clock();
    this.unfollow = options.bus.onEvent((event) => {
      if (NETWORK_CHANGES.has(event.type)) this.subnetCache.clear();
    });
  }

  /** True when a store is configured. */
  get enabled(): boolean {
    return this.store !== null;
  }

  /** Switches to the store a config names (none turns fleet allocation off); adoption follows in the background. */
  async configure(config: FleetStoreConfig): Promise<FleetStoreStatus> {
    if (JSON.stringify(config) === JSON.stringify(this.config)) return this.status();
    let store: FleetStore | null;
    try {
      store = openFleetStore(config);
    } catch (error) {
      throw new DomainError(
        issue('FLEET_STORE_UNREACHABLE', ['kind'], (error as Error).message, 'Nothing changed.'),
      );
    }
    this.use(store, config);
    return this.status();
  }

  /** Uses a store directly (tests, and configure). */
  use(store: FleetStore | null, config: FleetStoreConfig): void {
    const old = this.store;
    this.entries.clear();
    this.subnetCache.clear();
    this.config = config;
    this.reachable = null;
    this.since = this.clock();
    this.store =
      store &&
      measuredStore(
        withClaimCrashHook(store, this.options.crashAfterClaims, () => this.claiming > 0),
        this.options.metrics,
        (ok, e) => this.reach(ok, e),
      );
    this.lease = this.store
      ? new HostLease(this.store, this.options.leaseTtlSeconds ?? 4 * 3600, this.clock)
      : null;
    if (old) void old.close().catch(() => undefined);
    this.options.metrics.fleetBlocksHeld.reset();
    this.options.metrics.fleetConflicts.reset();
    if (!store) this.options.metrics.fleetStoreReachable.reset();
  }

  /** Chooses the addresses of a new endpoint fleet-wide (of one subnet only, for a Docker pool); the request is unchanged for a host-local network. */
  async claim(network: Network, request: AddressRequest, only?: string): Promise<FleetClaim> {
    this.claiming += 1;
    try {
      return await this.claimAddresses(network, request, only);
    } finally {
      this.claiming -= 1;
    }
  }

  /** claim's body: each family from a held block, a new block, or the static address given. */
  private async claimAddresses(
    network: Network,
    request: AddressRequest,
    only?: string,
  ): Promise<FleetClaim> {
    const all = this.enabled ? this.subnetsOf(network) : [];
    const subnets = only === undefined ? all : all.filter((s) => s.subnet === only);
    const taken: [SegmentEntry, bigint][] = [];
    const undo = () => {
      for (const [entry, value] of taken.splice(0)) entry.client.release(value);
    };
    const chosen: AddressRequest = { ...request };
    try {
      for (const family of [4, 6] as const) {
        const mine = subnets.filter((s) => s.family === family);
        if (only !== undefined && mine.length === 0) continue;
        const pick = await this.claimFamily(network, mine, request[FIELD[family]]);
        if (!pick) continue;
        taken.push([pick.entry, pick.value]);
        chosen[FIELD[family]] = formatAddress({ family, value: pick.value });
      }
    } catch (error) {
      undo();
      throw error;
    }
    return { request: chosen, undo };
  }

  /** Gives an endpoint's addresses back to its blocks; works while the store is away. */
  release(network: Network, addresses: AllocatedAddresses): void {
    if (!this.enabled) return;
    for (const subnet of this.subnetsOf(network)) {
      const entry = this.entries.get(subnet.segment.id);
      if (!entry?.opened) continue;
      for (const text of [addresses.ipv4Address, addresses.ipv6Address]) {
        const value = text === undefined ? null : inSubnet(subnet.subnet, text);
        if (value !== null) entry.client.release(value);
      }
      this.syncIfChanged(entry);
    }
  }

  /** Opens every segment this host's networks are on and claims their existing addresses (agent start, configure). */
  async adoptAll(): Promise<void> {
    if (!this.enabled) return;
    for (const network of this.options.networks())
      for (const subnet of this.subnetsOf(network))
        await this.ready(network, subnet).catch((error: Error) =>
          this.options.log.warn(
            { segment: subnet.segment.id, err: error.message },
            'fleet store: adoption postponed',
          ),
        );
  }

  /** Renews the lease, reports blocks lost, gives back blocks empty past the grace period, retries adoption. */
  async tick(): Promise<void> {
    if (!this.enabled) return;
    await this.adoptAll();
    for (const entry of this.entries.values()) {
      if (!entry.opened) continue;
      try {
        for (const lost of await entry.client.refresh()) this.lost(entry, lost);
        await entry.client.collect(this.options.graceMs ?? 10 * 60_000);
      } catch (error) {
        this.options.log.debug({ err: (error as Error).message }, 'fleet store: refresh failed');
      }
      this.sync(entry);
    }
  }

  /** The segments of one network with the blocks this host holds (network inspect). */
  segmentsOf(network: Network): FleetSegment[] {
    if (!this.enabled) return [];
    return this.subnetsOf(network).map((subnet) => {
      const entry = this.entries.get(subnet.segment.id);
      return entry
        ? describeEntry(entry)
        : {
            segment: subnet.segment.id,
            subnet: subnet.subnet,
            blockPrefix: null,
            blocks: [],
            conflicts: [],
            adopted: false,
          };
    });
  }

  /** `fleetStore.status`. */
  status(): FleetStoreStatus {
    return {
      kind: this.config.kind,
      where: this.store?.where ?? null,
      host: this.options.host,
      reachable: this.enabled ? this.reachable : null,
      since: new Date(this.since).toISOString(),
      segments: [...this.entries.values()].map(describeEntry),
    };
  }

  /** Stops using the store (agent stop). */
  async close(): Promise<void> {
    const store = this.store;
    this.store = null;
    this.unfollow();
    this.entries.clear();
    this.subnetCache.clear();
    await store?.close().catch(() => undefined);
  }

  // One family: a static address is taken in whichever fleet subnet holds it
  // (one outside them is left to the local IPAM, which refuses it with its own
  // message); a dynamic one comes from the first segment with room.
  private async claimFamily(
    network: Network,
    subnets: FleetSubnet[],
    text: string | undefined,
  ): Promise<{ entry: SegmentEntry; value: bigint } | null> {
    if (subnets.length === 0) return null;
    if (text !== undefined) {
      const subnet = subnets.find((s) => inSubnet(s.subnet, text) !== null);
      if (!subnet) return null;
      const value = inSubnet(subnet.subnet, text)!;
      const entry = await this.ready(network, subnet);
      await this.counted(entry, 'static', () => entry.client.take(value));
      return { entry, value };
    }
    for (const [index, subnet] of subnets.entries()) {
      const range = network.subnets.find((n) => n.subnet === subnet.subnet)?.ipRange;
      if (range !== undefined) {
        const picked = await this.takeInRange(network, subnet, range);
        if (picked) return picked;
        if (index === subnets.length - 1) return null;
        continue;
      }
      const entry = this.entries.get(subnet.segment.id);
      // The common case, a free address in a held block, without a promise.
      const quick = entry?.opened ? entry.client.allocateHeld() : null;
      if (entry && quick !== null) {
        this.claimCounter('dynamic', 'ok').inc();
        this.syncIfChanged(entry);
        return { entry, value: quick };
      }
      const ready = await this.ready(network, subnet);
      try {
        const value = await this.counted(ready, 'dynamic', () => ready.client.allocate());
        return { entry: ready, value };
      } catch (error) {
        const exhausted = (error as DomainError).issues?.[0]?.code === 'SEGMENT_EXHAUSTED';
        if (!exhausted || index === subnets.length - 1) throw error;
      }
    }
    return null;
  }

  // A subnet with an --ip-range (a range split by hand between hosts, or a
  // Docker pool's): its addresses must stay inside the range the user gave,
  // so the first address of the range free fleet-wide is taken one by one as
  // a static one (its block claimed when nobody holds it). None free: null,
  // and the local IPAM refuses with its own exhaustion message.
  /** The first address of `range` this host can take fleet-wide, taken. */
  private async takeInRange(
    network: Network,
    subnet: FleetSubnet,
    range: string,
  ): Promise<{ entry: SegmentEntry; value: bigint } | null> {
    const cidr = parseCidr(range);
    if (!cidr) return null;
    const size = 1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
    const entry = await this.ready(network, subnet);
    // Bounded: a huge IPv6 range whose blocks other hosts hold must not spin.
    const end = cidr.network + (size < 65_536n ? size : 65_536n);
    for (let value = cidr.network; value < end; value++) {
      try {
        await this.counted(entry, 'static', () => entry.client.take(value));
        return { entry, value };
      } catch (error) {
        if (!SKIPPED_IN_RANGE.has((error as DomainError).issues?.[0]?.code ?? '')) throw error;
      }
    }
    return null;
  }

  /** Runs a claim, counting its outcome and what it did to the held blocks. */
  private async counted<T>(entry: SegmentEntry, kind: string, body: () => Promise<T>): Promise<T> {
    try {
      const result = await body();
      this.claimCounter(kind, 'ok').inc();
      return result;
    } catch (error) {
      const code = (error as DomainError).issues?.[0]?.code ?? 'error';
      this.claimCounter(kind, code).inc();
      throw error;
    } finally {
      this.syncIfChanged(entry);
    }
  }

  /** The claims counter of one kind and outcome (prom-client's label lookup is not free on the connect path). */
  private claimCounter(kind: string, outcome: string): { inc(): void } {
    const key = `${kind} ${outcome}`;
    let counter = this.claimCounters.get(key);
    if (!counter) {
      counter = this.options.metrics.fleetClaims.labels({ kind, outcome });
      this.claimCounters.set(key, counter);
    }
    return counter;
  }

  /** The network's fleet-wide subnets, derived once per network (see subnetCache). */
  private subnetsOf(network: Network): FleetSubnet[] {
    let subnets = this.subnetCache.get(network.id);
    if (!subnets) {
      subnets = fleetSubnets(network);
      this.subnetCache.set(network.id, subnets);
    }
    return subnets;
  }

  // An allocation or release inside a held block changes no block, no claim
  // and no retry count: the events, the gauge and the counter are left alone.
  /** sync(), when the held blocks or the counters can have moved since the last one. */
  private syncIfChanged(entry: SegmentEntry): void {
    const { stats, blocks } = entry.client;
    if (
      stats.claims !== entry.claims ||
      stats.casRetries !== entry.casRetries ||
      blocks.length !== entry.held.size
    )
      this.sync(entry);
  }

  /** The segment's entry, opened and with this host's existing addresses adopted. */
  private async ready(network: Network, subnet: FleetSubnet): Promise<SegmentEntry> {
    const entry = this.entries.get(subnet.segment.id) ?? this.entry(subnet);
    if (entry.opened) return entry;
    entry.opening ??= this.open(entry).finally(() => {
      entry.opening = null;
    });
    try {
      await entry.opening;
    } catch (error) {
      // A half-opened client is dropped: the next attempt starts from the store again.
      if (this.entries.get(subnet.segment.id) === entry) this.entries.delete(subnet.segment.id);
      throw error;
    }
    void network;
    return entry;
  }

  private entry(subnet: FleetSubnet): SegmentEntry {
    if (!this.store || !this.lease)
      throw new Error('fleet IPAM used without a store (check enabled first)');
    const client = new SegmentClient({
      store: this.store,
      lease: this.lease,
      host: this.options.host,
      segment: subnet.segment.id,
      subnet: subnet.segment.subnet,
      reserved: subnet.reserved,
      clock: this.clock,
    });
    const entry: SegmentEntry = {
      subnet,
      client,
      opened: false,
      opening: null,
      conflicts: [],
      held: new Set(),
      claims: 0,
      casRetries: 0,
    };
    this.entries.set(subnet.segment.id, entry);
    return entry;
  }

  private async open(entry: SegmentEntry): Promise<void> {
    await entry.client.open();
    const networks = this.options
      .networks()
      .filter((n) => this.subnetsOf(n).some((s) => s.segment.id === entry.subnet.segment.id));
    const local = networks.flatMap((n) => this.options.localAddresses(n.id));
    const conflicts = await adoptLocal(entry, local);
    entry.opened = true;
    for (const conflict of conflicts) {
      entry.conflicts.push(conflict.message);
      this.options.log.error({ segment: entry.subnet.segment.id }, conflict.message);
      this.options.bus.publish({
        type: 'fleet.conflict',
        name:
          this.options.networks().find((n) => n.id === conflict.network)?.name ?? conflict.network,
        segment: entry.subnet.segment.id,
        message: conflict.message,
      });
    }
    this.sync(entry);
  }

  /** Publishes blocks claimed and released since the last look; updates the metrics. */
  private sync(entry: SegmentEntry): void {
    if (!entry.opened) return;
    const segment = entry.subnet.segment.id;
    const now = new Set(
      entry.client.blocks.filter((b) => b.status !== 'lost').map((block) => block.text),
    );
    for (const block of now)
      if (!entry.held.has(block))
        this.options.bus.publish({ type: 'fleet.block', segment, block, action: 'claimed' });
    for (const block of entry.held)
      if (!now.has(block))
        this.options.bus.publish({ type: 'fleet.block', segment, block, action: 'released' });
    entry.held = now;
    const { stats } = entry.client;
    this.options.metrics.fleetCasRetries.inc(stats.casRetries - entry.casRetries);
    entry.casRetries = stats.casRetries;
    entry.claims = stats.claims;
    this.options.metrics.fleetBlocksHeld.set({ segment }, now.size);
    this.options.metrics.fleetConflicts.set(
      { segment },
      entry.conflicts.length + entry.client.stats.lost.length,
    );
  }

  private lost(entry: SegmentEntry, block: string): void {
    const segment = entry.subnet.segment.id;
    this.options.log.error(
      { segment, block },
      'fleet store: a block of this host is held by another',
    );
    this.options.bus.publish({
      type: 'fleet.block',
      segment,
      block: block.split(' ')[0] ?? block,
      action: 'lost',
      detail: `${block}: this host no longer allocates there`,
    });
  }

  private reach(ok: boolean, error?: FleetStoreError): void {
    this.options.metrics.fleetStoreReachable.set(ok ? 1 : 0);
    if (ok === this.reachable) return;
    const first = this.reachable === null && ok;
    this.reachable = ok;
    this.since = this.clock();
    if (first || !this.store) return;
    this.options.bus.publish({
      type: 'fleet.store',
      where: this.store.where,
      reachable: ok,
      ...(error ? { message: error.message } : {}),
    });
  }
}
