import type { Txn } from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store';

/** The crash hook's operation name for fleet claims (`test-crash.json`). */
export const CLAIM_OPERATION = 'fleet.claim';

// TEST HOOK, inert unless the journal's crash hook (service/journal.ts, read
// by server/fleet.ts and passed in as FleetIpamOptions.crashAfterClaims) was
// armed with `{"operation": "fleet.claim", "afterStep": N}`: the N-th claim
// of a free block the store commits (a put of a block record compared absent;
// re-claims of this host's own blocks at start do not count, nor claims made
// while no endpoint is being given an address, e.g. adopting existing
// endpoints at start, whose timing a test does not control) SIGKILLs the
// agent as soon as the store has answered, before the agent records the
// block or the endpoint: the kill -9 between a claim and its record, with no
// timing race. The lab's kill test uses it.
/** The store, or (with `afterClaims`, the hook's step) the store wrapped to die after that claim. */
export function withClaimCrashHook(
  store: FleetStore,
  afterClaims: number | undefined,
  counting: () => boolean = () => true,
): FleetStore {
  if (afterClaims === undefined) return store;
  let left = afterClaims;
  return {
    kind: store.kind,
    where: store.where,
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
    grantLease: (ttl) => store.grantLease(ttl),
    keepAlive: (lease) => store.keepAlive(lease),
    revokeLease: (lease) => store.revokeLease(lease),
    close: () => store.close(),
    txn: async (txn) => {
      const result = await store.txn(txn);
      if (result.succeeded && counting() && claimsFreeBlock(txn) && --left <= 0)
        process.kill(process.pid, 'SIGKILL');
      return result;
    },
  };
}

/** A transaction that claims a block nobody held (the block key compared absent). */
function claimsFreeBlock(txn: Txn): boolean {
  return txn.compare.some((c) => c.modRevision === 0 && c.key.includes('/blocks/'));
}
