import { formatIssue, HostSnapshotSchema, validateNetworkCreate } from '@underlay/core';

const host = HostSnapshotSchema.parse({
  hostname: 'host-a',
  links: [{ name: 'eth0', kind: 'device' }],
});
const issues = validateNetworkCreate(
  { name: 'vlan10', options: { parent: 'eth0.10' }, ipam: [{ subnet: '224.1.0.0/24' }] },
  host,
);
for (const issue of issues) console.log(issue.code, formatIssue(issue));
// → SUBNET_RESERVED ipam[0].subnet: subnet "224.1.0.0/24" lies in 224.0.0.0/4,
// →   the IPv4 multicast (RFC 5771) range: its addresses name groups of receivers, not hosts, …
