import { cidrContains, formatAddress, parseAddress, parseCidr } from '@underlay/core';

const subnet = parseCidr('2001:db8:1::/64'); // { family: 6, network: 0x20010db8…n, prefix: 64 }
const address = parseAddress('2001:DB8:1:0:0:0:0:5'); // { family: 6, value: … }
if (subnet && address) {
  console.log(cidrContains(subnet, address)); // → true
  console.log(formatAddress(address)); // → 2001:db8:1::5
}
