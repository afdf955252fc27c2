import { leaseCapacity } from '@underlay/core';

// One network on three hosts: each host hands out addresses only from blocks
// it holds (/28 by default), so a /24 has room and a /27 (two blocks) does not.
const request = (subnet: string) => ({ name: 'vlan10', ipam: [{ subnet }] });
console.log(leaseCapacity(request('172.16.80.0/24'), 3).length); // → 0
console.log(leaseCapacity(request('172.16.80.0/27'), 3)[0]?.message);
// → subnet 172.16.80.0/27 is too small to give each of 3 hosts its own address block:
// →   it holds 2 blocks of /28, and each host's first container claims one.
