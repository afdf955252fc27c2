export { AddressSet } from './address-set';
export { AddressSpace, fixedReservations } from './address-space';
export type { AddressRequest, AllocatedAddresses } from './endpoint-addresses';
export { IntervalSet } from './interval-set';
export { Ipam, type EndpointRequest, type IpamNetwork, type StoredEndpoint } from './ipam';
export { SubnetPool, type SubnetPoolOptions, type SubnetUsage } from './subnet-pool';
