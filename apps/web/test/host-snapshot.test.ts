import { describe, expect, it } from 'vitest';
import { fetchSnapshot } from '../src/server/fleet/host-snapshot';
import { createRefreshGate } from '../src/server/fleet/refresh-gate';

// The hub's refresh path without an agent: the gate's ordering (pure logic,
// driven by promises the test settles) and the validation of the agent's
// answer. host.snapshot itself is tested against real agents in the lab tier.

/** A load whose every call waits until the test settles it. */
function controlledLoads<V>() {
  const pending: { resolve: (v: V) => void; reject: (e: Error) => void }[] = [];
  const load = () => new Promise<V>((resolve, reject) => pending.push({ resolve, reject }));
  return { load, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('refresh gate', () => {
  it('runs one read per key while one runs, and one more for everyone who asked meanwhile', async () => {
    const gate = createRefreshGate<string, number>();
    const { load, pending } = controlledLoads<number>();
    const first = gate('a', load);
    const later = [gate('a', load), gate('a', load), gate('a', load)];
    expect(pending).toHaveLength(1);
    pending[0]?.resolve(1);
    expect(await first).toBe(1);
    await tick();
    // The queued read starts only after the running one ended, so it sees what happened before its callers asked.
    expect(pending).toHaveLength(2);
    pending[1]?.resolve(2);
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    const after = gate('a', load);
    expect(pending).toHaveLength(3);
    pending[2]?.resolve(3);
    expect(await after).toBe(3);
  });

  it('keeps keys apart', async () => {
    const gate = createRefreshGate<string, string>();
    const { load, pending } = controlledLoads<string>();
    const a = gate('a', load);
    const b = gate('b', load);
    expect(pending).toHaveLength(2);
    pending[0]?.resolve('A');
    pending[1]?.resolve('B');
    expect([await a, await b]).toEqual(['A', 'B']);
  });

  it('fails only the callers of a failed read; the queued ones get a read of their own', async () => {
    const gate = createRefreshGate<string, number>();
    const { load, pending } = controlledLoads<number>();
    const first = gate('a', load);
    const queued = gate('a', load);
    pending[0]?.reject(new Error('agent went away'));
    await expect(first).rejects.toThrow('agent went away');
    await tick();
    expect(pending).toHaveLength(2);
    pending[1]?.resolve(7);
    expect(await queued).toBe(7);
  });
});

describe('fetchSnapshot', () => {
  it("asks the agent once for host.snapshot, without what the topology does not draw, and returns its answer with core's defaults", async () => {
    const paths: unknown[] = [];
    const snapshot = await fetchSnapshot(async (path, input) => {
      paths.push([path, input]);
      // An agent answering loosely (another version): the hub fills in core's defaults.
      return { hostname: 'host-a', links: [{ name: 'eth0', kind: 'device' }] } as never;
    });
    expect(paths).toEqual([['host.snapshot', { addresses: false, containerLinks: false }]]);
    expect(snapshot).toEqual({
      hostname: 'host-a',
      links: [{ name: 'eth0', kind: 'device', parent: null, mtu: 1500, up: true }],
      addresses: [],
      networks: [],
      endpoints: [],
      containers: [],
      containerLinks: [],
      ownedLinks: [],
    });
  });

  it('refuses an answer that is not a host snapshot, naming the field', async () => {
    const answer = {
      hostname: 'host-a',
      endpoints: [{ id: 'e1', networkId: 'n1', container: 'c1', netns: 'c1', created: '' }],
    };
    await expect(fetchSnapshot(async () => answer as never)).rejects.toThrow(/ifname/);
  });
});
