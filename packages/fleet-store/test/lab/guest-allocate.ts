// Runs inside a lab guest (node + tsx from the read-only shared filesystem):
// one host's SegmentClient against the etcd on the lab's management bridge,
// `count` concurrent allocations; prints the addresses as JSON.
import { formatAddress } from '@underlay/core';
import { EtcdFleetStore, HostLease, SegmentClient } from '../../src';

const [endpoint, host, count, staticAddress] = process.argv.slice(2);
const store = new EtcdFleetStore({ endpoint: endpoint! });
const client = new SegmentClient({
  store,
  lease: new HostLease(store, 600),
  host: host!,
  segment: 'trunk=eth1,vlan=10,subnet=10.10.0.0_24',
  subnet: '10.10.0.0/24',
  reserved: { '10.10.0.1': 'gateway' },
});
try {
  await client.open();
  const values = await Promise.all(Array.from({ length: Number(count) }, () => client.allocate()));
  const addresses = values.map((value) => formatAddress({ family: 4, value }));
  let refusal: string | null = null;
  if (staticAddress) {
    const parsed = staticAddress.split('.').reduce((v, part) => (v << 8n) + BigInt(part), 0n);
    refusal = await client.take(parsed).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  }
  console.log(JSON.stringify({ addresses, refusal }));
} finally {
  await store.close();
}
