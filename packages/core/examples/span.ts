import { coordinateRanges } from '@underlay/core';

// One network on three hosts of one VLAN: each host gets its own --ip-range,
// so no two hosts hand out the same address (moby/moby#49921).
const { ranges } = coordinateRanges({
  request: { name: 'vlan10', options: { parent: 'eth0.10' }, ipam: [{ subnet: '172.16.80.0/24' }] },
  hosts: ['host-a', 'host-b', 'host-c'],
});
for (const { host, ipRange } of ranges) console.log(host, ipRange);
