// The segment client (core's decisions run against a real FleetStore), the
// same checks for each store.
import { DomainError, formatAddress, parseAddress } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { type FleetStore, HostLease, SegmentClient } from '../src';

const SUBNET = '10.9.0.0/24';
const text = (value: bigint) => formatAddress({ family: 4, value });

export function clientSuite(name: string, make: () => FleetStore): void {
  describe(`segment client on ${name}`, () => {
    const open = async (store: FleetStore, host: string, segment: string) => {
      const lease = new HostLease(store, 600);
      const client = new SegmentClient({
        store,
        lease,
        host,
        segment,
        subnet: SUBNET,
        reserved: { '10.9.0.1': 'gateway' },
      });
      await client.open();
      return client;
    };

    it('3 hosts x 30 concurrent allocations: 90 distinct addresses, never the gateway', async () => {
      const store = make();
      const segment = `seg-${name}-a`;
      const clients = await Promise.all(
        ['a', 'b', 'c'].map((h) => open(store, `host-${h}`, segment)),
      );
      const values = (
        await Promise.all(
          clients.flatMap((client) => Array.from({ length: 30 }, () => client.allocate())),
        )
      ).map(text);
      expect(new Set(values).size).toBe(90);
      expect(values).not.toContain('10.9.0.1');
      expect(values).not.toContain('10.9.0.0');
      // Each host's addresses lie in blocks only it holds.
      const owners = new Map<string, string>();
      for (const client of clients)
        for (const block of client.blocks) {
          expect(owners.get(block.text)).toBeUndefined();
          owners.set(block.text, client === clients[0] ? 'a' : client === clients[1] ? 'b' : 'c');
        }
      expect(clients.reduce((n, c) => n + c.stats.claims, 0)).toBe(owners.size);
    });

    it("refuses a static address in another host's block, naming that host; takes one in a free block", async () => {
      const store = make();
      const segment = `seg-${name}-b`;
      const a = await open(store, 'host-a', segment);
      const b = await open(store, 'host-b', segment);
      await a.take(parseAddress('10.9.0.77')!.value);
      const refused = await b.take(parseAddress('10.9.0.78')!.value).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).issues[0]).toMatchObject({ code: 'BLOCK_HELD_ELSEWHERE' });
      expect((refused as DomainError).issues[0]!.message).toContain('held by host host-a');
      await b.take(parseAddress('10.9.0.200')!.value);
      const twice = await b.take(parseAddress('10.9.0.200')!.value).catch((e: unknown) => e);
      expect((twice as DomainError).issues[0]!.code).toBe('ADDRESS_IN_USE');
    });

    it('IPv6: 2 hosts x 20 concurrent allocations in a /64 (2^60 blocks of /124): 40 distinct addresses in 4 blocks', async () => {
      const store = make();
      const segment = `seg-${name}-v6`;
      const clients = await Promise.all(
        ['a', 'b'].map(async (h) => {
          const c = new SegmentClient({
            store,
            lease: new HostLease(store, 600),
            host: `host-${h}`,
            segment,
            subnet: '2001:db8:1::/64',
            reserved: { '2001:db8:1::1': 'gateway' },
          });
          await c.open();
          return c;
        }),
      );
      const values = await Promise.all(
        clients.flatMap((c) => Array.from({ length: 20 }, () => c.allocate())),
      );
      const texts = values.map((value) => formatAddress({ family: 6, value }));
      expect(new Set(texts).size).toBe(40);
      expect(values.every((v) => v >> 64n === 0x20010db800010000n)).toBe(true);
      expect(clients.map((c) => c.blocks.length)).toEqual([2, 2]);
      expect(clients.every((c) => c.blocks.every((b) => b.text.endsWith('/124')))).toBe(true);
    });

    it('releases a block that stayed empty through the grace period, and another host can claim it', async () => {
      const store = make();
      const segment = `seg-${name}-c`;
      const a = await open(store, 'host-a', segment);
      const value = await a.allocate();
      const block = a.blocks[0]!.text;
      expect(await a.collect(0)).toBe(0);
      a.release(value);
      expect(await a.collect(60_000)).toBe(0);
      expect(await a.collect(0)).toBe(1);
      expect(a.blocks).toHaveLength(0);
      const b = await open(store, 'host-b', segment);
      await b.take(value);
      expect(b.blocks[0]!.text).toBe(block);
    });
  });
}
