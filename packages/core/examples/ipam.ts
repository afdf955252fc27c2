import { Ipam } from '@underlay/core';

const ipam = new Ipam();
ipam.addNetwork({
  id: 'n1',
  name: 'vlan10',
  ipv4: true,
  ipv6: false,
  subnets: [
    {
      family: 4,
      subnet: '172.16.80.0/24',
      gateway: '172.16.80.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
});
const web = ipam.allocateEndpoint({ network: 'n1' }); // { ipv4Address: '172.16.80.2/24' }
const db = ipam.allocateEndpoint({ network: 'n1', ipv4Address: '172.16.80.11' });
ipam.releaseEndpoint({ network: 'n1', ...web }); // 1: .2 is free again, at once
console.log(web, db, ipam.usage('n1'));
// → { ipv4Address: '172.16.80.2/24' } { ipv4Address: '172.16.80.11/24' }
// → { '172.16.80.0/24': { ipsInUse: 4n, dynamicIpsAvailable: 252n } }
