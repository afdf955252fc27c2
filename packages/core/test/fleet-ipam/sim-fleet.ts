// N simulated hosts driving the pure allocator against the simulated store,
// one step at a time, so a property test can interleave them freely. The
// world checks its invariants at every allocation, against the store's own
// state (not the hosts' beliefs).
import {
  blockGeometry,
  claimed,
  createHolding,
  emptyBlocks,
  dropBlock,
  type Holding,
  leaseRenewed,
  planClaim,
  planMeta,
  planReclaim,
  planRelease,
  reconcile,
  releaseInHeld,
  allocateInHeld,
  placeStatic,
  markUsed,
  segmentPrefix,
  type SegmentView,
  viewSegment,
  parseBlockRecord,
  blockIndexOf,
  blockKey,
  blockText,
  type ClaimPlan,
} from '../../src/fleet-ipam';
import { SimStore } from './sim-store';

export const SEGMENT = 'trunk=t0,vlan=10,subnet=10.0.0.0_26';
const GATEWAY = 167772161n; // 10.0.0.1

interface Endpoint {
  host: string;
  value: bigint;
  key: string;
  at: number;
}

interface SimHost {
  name: string;
  connected: boolean;
  lease: string | null;
  holding: Holding;
  pending: { plan: Extract<ClaimPlan, { kind: 'txn' }>; view: SegmentView } | null;
  alerts: string[];
}

export type Action =
  | { kind: 'alloc' | 'read' | 'commit' | 'renew' | 'gc' | 'partition' | 'heal'; host: number }
  | { kind: 'release'; host: number; pick: number }
  | { kind: 'static'; host: number; offset: number }
  | { kind: 'tick'; ms: number };

export class World {
  readonly store = new SimStore();
  readonly hosts: SimHost[];
  readonly endpoints: Endpoint[] = [];
  /** Duplicates allowed by the documented TTL trade-off (the first holder's lease expired). */
  exempt = 0;
  allocations = 0;
  private readonly geometry = blockGeometry('10.0.0.0/26', 29);

  constructor(
    count: number,
    readonly ttl: number,
    readonly grace: number,
  ) {
    this.hosts = Array.from({ length: count }, (_, i) => ({
      name: `host-${i}`,
      connected: true,
      lease: null,
      holding: createHolding(`host-${i}`, SEGMENT, this.geometry),
      pending: null,
      alerts: [],
    }));
  }

  run(action: Action): void {
    if (action.kind === 'tick') return this.store.advance(action.ms);
    const host = this.hosts[action.host % this.hosts.length]!;
    if (action.kind === 'partition') host.connected = false;
    else if (action.kind === 'heal') host.connected = true;
    else if (action.kind === 'alloc') this.alloc(host);
    else if (action.kind === 'release') this.release(host, action.pick);
    else if (action.kind === 'static') this.takeStatic(host, action.offset);
    else if (!host.connected) return;
    else if (action.kind === 'renew') this.renew(host);
    else if (action.kind === 'read') this.read(host);
    else if (action.kind === 'commit') this.commit(host);
    else if (action.kind === 'gc') this.gc(host);
  }

  view(): SegmentView {
    return viewSegment(this.store.list(segmentPrefix(SEGMENT)), SEGMENT, this.geometry);
  }

  renew(host: SimHost): void {
    const sentAt = this.store.now;
    if (host.lease && this.store.keepAlive(host.lease)) {
      leaseRenewed(host.holding, sentAt, this.ttl);
    } else {
      host.lease = this.store.grant(this.ttl);
      leaseRenewed(host.holding, sentAt, this.ttl);
    }
    const meta = planMeta({
      holding: host.holding,
      view: this.view(),
      reserved: { '10.0.0.1': 'gateway' },
    });
    if (meta) this.store.txn(meta);
    const view = this.view();
    const { fenced, lost } = reconcile(host.holding, view, host.lease);
    for (const { block, host: other } of lost) host.alerts.push(`${block.text} taken by ${other}`);
    for (const block of fenced) {
      const txn = planReclaim({
        holding: host.holding,
        block,
        view,
        lease: host.lease,
        now: this.store.now,
      });
      const result = txn && this.store.txn(txn);
      if (result?.succeeded)
        claimed(host.holding, {
          view,
          index: block.index,
          revision: result.revision,
          now: this.store.now,
        });
    }
  }

  read(host: SimHost): void {
    if (!host.lease) return;
    const view = this.view();
    const salt = this.store.revision + host.name.length * 7 + this.allocations;
    const plan = planClaim({
      holding: host.holding,
      view,
      lease: host.lease,
      now: this.store.now,
      salt,
    });
    host.pending = plan.kind === 'txn' ? { plan, view } : null;
  }

  commit(host: SimHost): void {
    if (!host.pending) return;
    const { plan, view } = host.pending;
    host.pending = null;
    const result = this.store.txn(plan.txn);
    if (result.succeeded)
      claimed(host.holding, {
        view,
        index: plan.index,
        revision: result.revision,
        now: this.store.now,
      });
  }

  alloc(host: SimHost): void {
    const value = allocateInHeld(host.holding, this.store.now);
    if (value !== null) this.record(host, value);
  }

  takeStatic(host: SimHost, offset: number): void {
    const value = this.geometry.subnet.network + BigInt(offset % 64);
    let place = placeStatic(host.holding, value, this.store.now);
    if (place.kind === 'not-held' && host.connected && host.lease) {
      const view = this.view();
      const plan = planClaim({
        holding: host.holding,
        view,
        lease: host.lease,
        now: this.store.now,
        salt: 0,
        index: place.index,
      });
      if (plan.kind !== 'txn') return;
      const result = this.store.txn(plan.txn);
      if (!result.succeeded) return;
      claimed(host.holding, {
        view,
        index: plan.index,
        revision: result.revision,
        now: this.store.now,
      });
      place = placeStatic(host.holding, value, this.store.now);
    }
    if (place.kind !== 'free') return;
    markUsed(place.block, place.offset);
    this.record(host, value);
  }

  release(host: SimHost, pick: number): void {
    const mine = this.endpoints.filter((e) => e.host === host.name);
    if (mine.length === 0) return;
    const endpoint = mine[pick % mine.length]!;
    if (!releaseInHeld(host.holding, endpoint.value, this.store.now))
      throw new Error(`release of ${endpoint.value} refused`);
    this.endpoints.splice(this.endpoints.indexOf(endpoint), 1);
  }

  gc(host: SimHost): void {
    for (const block of emptyBlocks(host.holding, this.store.now, this.grace)) {
      if (this.store.txn(planRelease(block)).succeeded) dropBlock(host.holding, block);
    }
  }

  /** The invariants, checked against the store at the moment of the allocation. */
  private record(host: SimHost, value: bigint): void {
    const index = blockIndexOf(this.geometry, value)!;
    const key = blockKey(SEGMENT, blockText(this.geometry, index));
    const kv = this.store.get(key);
    if (
      !kv ||
      parseBlockRecord(kv.value).host !== host.name ||
      kv.lease !== host.lease ||
      !this.store.leaseAlive(kv.lease!)
    )
      throw new Error(
        `fencing: ${host.name} allocated ${value} in ${key} which the store does not give it`,
      );
    if (value === GATEWAY) throw new Error(`${host.name} handed out the gateway`);
    for (const other of this.endpoints.filter((e) => e.value === value)) {
      const expired = this.store.expired.some(
        (x) =>
          x.key === other.key && parseBlockRecord(x.value).host === other.host && x.at > other.at,
      );
      if (!expired) throw new Error(`duplicate: ${value} on ${other.host} and ${host.name}`);
      this.exempt++;
    }
    this.endpoints.push({ host: host.name, value, key, at: this.store.now });
    this.allocations++;
  }

  /** After healing and renewing everyone: a block a host still calls held is its own in the store. */
  settle(): void {
    for (const host of this.hosts) host.connected = true;
    for (const host of this.hosts) this.renew(host);
    const view = this.view();
    for (const host of this.hosts)
      for (const block of host.holding.blocks) {
        if (block.status !== 'held') continue;
        const owner = view.blocks.get(block.index);
        if (owner?.host !== host.name)
          throw new Error(
            `${host.name} believes it holds ${block.text}, store says ${owner?.host}`,
          );
      }
  }
}
