import type { FleetStore } from './store';

// One lease per host per store: every block the host claims hangs off it, so
// one keep-alive renews them all, and one expiry frees them all. The local
// deadline is counted from when a renewal was sent, so the host stops using
// its blocks before the store can free them (fencing).

/** A host's lease and its local deadline. */
export class HostLease {
  id: string | null = null;
  /** Local deadline (ms): nothing is allocated at or past it. */
  deadline = 0;
  /** Bumped whenever a new lease replaces an expired one: holdings must reconcile. */
  generation = 0;

  constructor(
    private readonly store: FleetStore,
    readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The current lease, granted if there is none yet. */
  async ensure(): Promise<string> {
    if (this.id !== null) return this.id;
    return this.grant();
  }

  /** Renews the lease; grants a new one (and bumps the generation) when the old one expired. */
  async renew(): Promise<string> {
    if (this.id === null) return this.grant();
    const sentAt = this.clock();
    if (await this.store.keepAlive(this.id)) {
      this.deadline = sentAt + this.ttlSeconds * 1000;
      return this.id;
    }
    return this.grant();
  }

  /** Forgets the lease after the store refused it (LEASE_NOT_FOUND): the next ensure grants anew. */
  lost(): void {
    this.id = null;
    this.deadline = 0;
  }

  private async grant(): Promise<string> {
    const sentAt = this.clock();
    const id = await this.store.grantLease(this.ttlSeconds);
    this.id = id;
    this.deadline = sentAt + this.ttlSeconds * 1000;
    this.generation++;
    return id;
  }
}
