import {
  allocateInHeld,
  blockAt,
  blockKey,
  blockText,
  claimed,
  createHolding,
  DomainError,
  dropBlock,
  emptyBlocks,
  formatAddress,
  heldElsewhere,
  type Holding,
  issue,
  markUsed,
  metaKey,
  parseBlockRecord,
  placeStatic,
  planClaim,
  planMeta,
  planReclaim,
  planRelease,
  reconcile,
  releaseInHeld,
  type Reservations,
  segmentGeometry,
  segmentPrefix,
  type SegmentView,
  type Txn,
  usable,
  viewSegment,
} from '@underlay/core';
import type { HostLease } from './host-lease';
import { type FleetStore, FleetStoreError } from './store';

/** What a segment client needs. */
export interface SegmentClientOptions {
  store: FleetStore;
  lease: HostLease;
  host: string;
  segment: string;
  subnet: string;
  blockPrefix?: number;
  /** Gateway and aux addresses this host's network reserves on the segment. */
  reserved?: Reservations;
  clock?: () => number;
  /** CAS attempts per claim before giving up (Calico's datastoreRetries is 100). */
  maxRetries?: number;
}

/** Counters for metrics and benchmarks. */
export interface SegmentStats {
  claims: number;
  casRetries: number;
  releases: number;
  /** Blocks found taken by another host (each raised as an alert). */
  lost: string[];
}

// The async side of the allocator: core decides, this runs the transactions.
// An allocation inside a held block is synchronous and touches no store; only
// a claim (a new block, a static address outside the held blocks) goes out,
// one at a time per segment so concurrent connects share one new block.
/** One host's allocator on one segment, over a FleetStore. */
export class SegmentClient {
  readonly stats: SegmentStats = { claims: 0, casRetries: 0, releases: 0, lost: [] };
  private holding!: Holding;
  private generation = -1;
  private view: SegmentView | null = null;
  private claiming: Promise<unknown> = Promise.resolve();
  private unreachableSince: number | null = null;
  private readonly clock: () => number;

  constructor(private readonly options: SegmentClientOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Reads the segment, creates its record or adds this host's reservations. */
  async open(): Promise<void> {
    const { store, segment, subnet, blockPrefix } = this.options;
    const snapshot = await this.call(() => store.list(segmentPrefix(segment)));
    const geometry = segmentGeometry(snapshot, segment, { subnet, blockPrefix });
    this.holding = createHolding(this.options.host, segment, geometry);
    for (let attempt = 0; ; attempt++) {
      const view = await this.read();
      const txn = planMeta({ holding: this.holding, view, reserved: this.options.reserved ?? {} });
      if (!txn || (await this.call(() => store.txn(txn))).succeeded) break;
      this.retried(attempt);
    }
    await this.adoptOwn();
  }

  // A host that died after a claim went through (kill -9 between the store's
  // answer and its own record), or restarted, finds blocks recorded under
  // its name on a lease it no longer has. They are its own (a host name is
  // one agent), so it claims them again under its current lease instead of
  // leaving them held until the old lease's TTL.
  /** Claims again, under the current lease, every block the store records for this host. */
  private async adoptOwn(): Promise<void> {
    const lease = await this.call(() => this.options.lease.ensure());
    this.generation = this.options.lease.generation;
    const view = await this.read();
    for (const [index, owner] of view.blocks) {
      if (owner.host !== this.holding.host || owner.lease === lease) continue;
      const block = claimed(this.holding, {
        view,
        index,
        revision: owner.revision,
        now: this.clock(),
      });
      block.status = 'fenced';
    }
    await this.reclaimFenced(view, lease);
  }

  private async reclaimFenced(view: SegmentView, lease: string): Promise<void> {
    for (const block of this.holding.blocks.filter((b) => b.status === 'fenced')) {
      const now = this.clock();
      const txn = planReclaim({ holding: this.holding, block, view, lease, now });
      if (txn) await this.commit({ txn, index: block.index }, view, now);
    }
  }

  /** The held blocks (for inspect and tests). */
  get blocks(): Holding['blocks'] {
    return this.holding.blocks;
  }

  /** A free address inside a held block, or null when they are full (or fenced): no store call, no promise. */
  allocateHeld(): bigint | null {
    this.holding.deadline = this.options.lease.deadline;
    return allocateInHeld(this.holding, this.clock());
  }

  /** A free address: inside a held block when there is room, else after claiming a block. */
  async allocate(): Promise<bigint> {
    for (;;) {
      this.holding.deadline = this.options.lease.deadline;
      const value = allocateInHeld(this.holding, this.clock());
      if (value !== null) return value;
      await this.serial(() => this.claim());
    }
  }

  /** Takes a chosen address fleet-wide: in a held block, or by claiming its block; refused when another host holds it. */
  async take(value: bigint): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      this.holding.deadline = this.options.lease.deadline;
      const place = placeStatic(this.holding, value, this.clock());
      if (place.kind === 'free') return markUsed(place.block, place.offset);
      if (place.kind === 'outside' || place.kind === 'in-use' || place.kind === 'reserved')
        throw this.refusal(place.kind, value);
      const index = place.kind === 'not-held' ? place.index : place.block.index;
      await this.serial(() => this.claim(index)).catch((error: unknown) => {
        throw this.asStatic(error, index, value);
      });
    }
    throw this.refusal('in-use', value);
  }

  /** A block refusal while taking a static address names that address (what the user asked for), not the block's first one. */
  private asStatic(error: unknown, index: bigint, value: bigint): unknown {
    const host = this.view?.blocks.get(index)?.host;
    if (
      !(error instanceof DomainError) ||
      error.issues[0]?.code !== 'BLOCK_HELD_ELSEWHERE' ||
      !host
    )
      return error;
    return heldElsewhere(this.holding, value, host);
  }

  /** Gives an address back; works while the store is away. */
  release(value: bigint): boolean {
    return releaseInHeld(this.holding, value, this.clock());
  }

  /** Renews the lease and compares the held blocks with the store; returns blocks newly lost. */
  async refresh(): Promise<string[]> {
    await this.call(() => this.options.lease.renew());
    const view = await this.read();
    return this.reconciled(view);
  }

  // A release whose call failed (a timeout, the store away) may still have
  // been applied: the block may be free in the store, or another host's by
  // now. So a block is fenced before its delete is sent and stays fenced until
  // the store answers: nothing is handed out from it meanwhile, the next
  // allocation there claims it again through the store first, and the next
  // collect sends the delete again (its compare makes that safe). Releases run
  // in the claims' queue, so no reclaim of the block races its delete.
  /** Releases the blocks empty for at least `graceMs`. */
  async collect(graceMs: number): Promise<number> {
    return this.serial(async () => {
      let released = 0;
      try {
        for (const block of emptyBlocks(this.holding, this.clock(), graceMs)) {
          // An allocation may have used it while an earlier block's release was awaited.
          if (block.emptySince === null || this.clock() - block.emptySince < graceMs) continue;
          block.status = 'fenced';
          const result = await this.call(() => this.options.store.txn(planRelease(block)));
          // A failed compare: the record we wrote is gone already (an earlier
          // delete that landed, the lease's TTL) or replaced; nothing to give back.
          dropBlock(this.holding, block);
          if (result.succeeded) released++;
        }
      } finally {
        // Counted even when a later block's call fails: those before it were given back.
        this.stats.releases += released;
      }
      return released;
    });
  }

  // A claim plans on the view cached from the last read: a stale view only
  // costs a failed compare, after which the segment is read again. So an
  // uncontended claim is one round trip (the transaction), not two.
  private async claim(index?: bigint): Promise<void> {
    const { maxRetries = 100 } = this.options;
    for (let attempt = 0; ; attempt++) {
      const lease = await this.call(() => this.options.lease.ensure());
      this.holding.deadline = this.options.lease.deadline;
      const view = await this.currentView();
      const now = this.clock();
      const step = this.nextClaim({ view, lease, now, salt: this.salt, index });
      if (step === null) return;
      if (await this.commit(step, view, now)) return;
      if (attempt >= maxRetries) throw this.contended(maxRetries);
      this.stats.casRetries++;
      if (attempt % 4 === 3) this.view = null;
      else await this.learn(step.index, view);
    }
  }

  /** Runs a claim's transaction; on success the block is held and the cached view knows it. */
  private async commit(
    step: { txn: Txn; index: bigint },
    view: SegmentView,
    now: number,
  ): Promise<boolean> {
    try {
      const result = await this.call(() => this.options.store.txn(step.txn));
      if (!result.succeeded) return false;
      const block = claimed(this.holding, {
        view,
        index: step.index,
        revision: result.revision,
        now,
      });
      const lease = this.options.lease.id ?? undefined;
      view.blocks.set(step.index, {
        key: block.key,
        host: this.holding.host,
        revision: result.revision,
        lease,
      });
      view.revision = result.revision;
      this.stats.claims++;
      return true;
    } catch (error) {
      if (!(error instanceof FleetStoreError && error.code === 'LEASE_NOT_FOUND')) throw error;
      this.options.lease.lost();
      return false;
    }
  }

  // After a failed compare only the block that was wanted and the segment
  // record are read again, not the whole segment: with a hundred hosts
  // claiming at once, full re-reads would cost O(blocks) per conflict. Every
  // fourth conflict in a row reads the whole segment, since a view stale by
  // many blocks would otherwise learn them one round trip at a time.
  /** Updates the cached view with the current owner of one block; drops the view when the segment record changed. */
  private async learn(index: bigint, view: SegmentView): Promise<void> {
    const { store, segment } = this.options;
    const key = blockKey(segment, blockText(this.holding.geometry, index));
    const [meta, block] = await Promise.all([
      this.call(() => store.get(metaKey(segment))),
      this.call(() => store.get(key)),
    ]);
    if ((meta?.modRevision ?? 0) !== (view.meta?.revision ?? 0)) {
      this.view = null;
      return;
    }
    if (!block) view.blocks.delete(index);
    else {
      view.blocks.set(index, {
        key,
        host: parseBlockRecord(block.value).host,
        revision: block.modRevision,
        ...(block.lease === undefined ? {} : { lease: block.lease }),
      });
      this.adoptLanded(view, index);
    }
  }

  /** The cached view, or a fresh one (reconciled) when there is none or the lease changed. */
  private async currentView(): Promise<SegmentView> {
    if (this.view && this.generation === this.options.lease.generation) return this.view;
    const view = await this.read();
    this.generation = this.options.lease.generation;
    this.reconciled(view);
    return view;
  }

  /** The next transaction of a claim, or null when nothing is needed any more. */
  private nextClaim(input: {
    view: SegmentView;
    lease: string;
    now: number;
    salt: number;
    index?: bigint;
  }): { txn: Txn; index: bigint } | null {
    const { view, lease, now, index } = input;
    const holding = this.holding;
    const wanted = index === undefined ? undefined : holding.blocks.find((b) => b.index === index);
    if (wanted && usable(holding, wanted, now)) return null;
    // Blocks that still carry endpoints come back first: they are this host's.
    const fenced =
      wanted?.status === 'fenced'
        ? wanted
        : index === undefined
          ? holding.blocks.find((b) => b.status === 'fenced')
          : undefined;
    if (fenced) {
      const txn = planReclaim({ holding, block: fenced, view, lease, now });
      if (txn) return { txn, index: fenced.index };
    }
    if (
      index === undefined &&
      holding.blocks.some(
        (b) => usable(holding, b, now) && b.used.size + b.reserved.size < holding.geometry.size,
      )
    )
      return null;
    const plan = planClaim({ holding, view, lease, now, salt: input.salt, index });
    if (plan.kind === 'txn') return plan;
    if (plan.kind === 'held-elsewhere')
      throw heldElsewhere(
        holding,
        blockAt(holding.geometry, plan.index).network,
        plan.host,
        'block',
      );
    throw this.exhausted();
  }

  private async read(): Promise<SegmentView> {
    const { store, segment } = this.options;
    const snapshot = await this.call(() => store.list(segmentPrefix(segment)));
    this.view = viewSegment(snapshot, segment, this.holding.geometry, this.view ?? undefined);
    return this.view;
  }

  /** Reconciles with a fresh view: lost blocks become alerts; blocks of ours under our lease that we did not know of (a reply lost on the way) are adopted. */
  private reconciled(view: SegmentView): string[] {
    const lease = this.options.lease.id;
    if (lease === null) return [];
    const { lost } = reconcile(this.holding, view, lease);
    for (const index of view.blocks.keys()) this.adoptLanded(view, index);
    const texts = lost.map(({ block, host }) => `${block.text} (now held by ${host})`);
    this.stats.lost.push(...texts);
    return texts;
  }

  // Only this host writes its name, and only under the lease it holds now, so
  // such a record is one of its own claims that went through although the
  // call failed (etcd frozen applies it after SIGCONT, or the answer was lost):
  // no address in it was handed out, here or elsewhere. Left out, it would
  // stay held in the store, unused, until a full read.
  /** Holds a block the view records for this host under its current lease and that the holding lacks. */
  private adoptLanded(view: SegmentView, index: bigint): void {
    const owner = view.blocks.get(index);
    const lease = this.options.lease.id;
    if (!owner || owner.host !== this.holding.host || lease === null || owner.lease !== lease)
      return;
    if (this.holding.blocks.some((b) => b.index === index)) return;
    claimed(this.holding, { view, index, revision: owner.revision, now: this.clock() });
  }

  /** Runs one store call; a transport failure becomes FLEET_STORE_UNREACHABLE naming the store, since when, and what still works. */
  private async call<T>(body: () => Promise<T>): Promise<T> {
    try {
      const result = await body();
      this.unreachableSince = null;
      return result;
    } catch (error) {
      if (!(error instanceof FleetStoreError) || error.code !== 'UNREACHABLE') throw error;
      this.unreachableSince ??= this.clock();
      throw this.unreachable(error);
    }
  }

  private unreachable(cause: FleetStoreError): DomainError {
    const since = new Date(this.unreachableSince ?? this.clock()).toISOString();
    const held = this.holding?.blocks.filter((b) => b.status === 'held').length ?? 0;
    return new DomainError(
      issue(
        'FLEET_STORE_UNREACHABLE',
        ['network'],
        `Cannot claim addresses on segment ${this.options.segment}: the fleet store (${cause.where}) has been unreachable since ${since}. Nothing was changed.`,
        `Addresses inside the ${held} block(s) this host holds are still handed out. Bring the store back (or check this host's route to it), then retry.`,
      ),
    );
  }

  private exhausted(): DomainError {
    return new DomainError(
      issue(
        'SEGMENT_EXHAUSTED',
        ['network'],
        `No free block left in segment ${this.options.segment} (${this.options.subnet}, blocks of /${this.holding.geometry.blockPrefix}).`,
        'Disconnect containers on other hosts so their empty blocks are released, or use a larger subnet.',
      ),
    );
  }

  private contended(retries: number): DomainError {
    return new DomainError(
      issue(
        'FLEET_STORE_UNREACHABLE',
        ['network'],
        `Gave up claiming a block on segment ${this.options.segment} after ${retries} compare-and-swap conflicts on ${this.options.store.where}. Nothing was changed.`,
        'Retry; if it persists, too many hosts are claiming on this segment at once.',
      ),
    );
  }

  private refusal(kind: 'outside' | 'in-use' | 'reserved', value: bigint): DomainError {
    const family = this.holding.geometry.subnet.family;
    const address = formatAddress({ family, value });
    const code =
      kind === 'outside'
        ? 'ADDRESS_OUTSIDE_SUBNET'
        : kind === 'in-use'
          ? 'ADDRESS_IN_USE'
          : 'ADDRESS_RESERVED';
    return new DomainError(
      issue(
        code,
        [family === 4 ? 'ipv4Address' : 'ipv6Address'],
        `${address} is ${kind === 'outside' ? `not in ${this.options.subnet}` : kind === 'in-use' ? 'already in use on this host' : 'reserved on segment ' + this.options.segment}.`,
        'Pick another address, or leave it out.',
      ),
    );
  }

  private serial<T>(body: () => Promise<T>): Promise<T> {
    const next = this.claiming.then(body, body);
    this.claiming = next.catch(() => undefined);
    return next;
  }

  private retried(attempt: number): void {
    this.stats.casRetries++;
    if (attempt >= (this.options.maxRetries ?? 100)) throw this.contended(attempt);
  }

  private get salt(): number {
    let hash = 2166136261;
    for (const char of this.options.host) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    return hash >>> 0;
  }
}
