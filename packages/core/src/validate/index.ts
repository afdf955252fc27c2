// The driver's rules (IPVLAN-REFERENCE.md §1–3 and its decision table), as pure
// checks that return Issues with stable codes and field paths. Decisions taken
// here where Docker is quirky, each explained where it is made:
// - subnets with host bits set are refused with the masked form (ipam-entry.ts),
//   which is what the seed's NetOps rows 172.16.50.0/22 and 10.1.100.0/16 get;
// - NAME.VID: one dot, integer VID 1–4094, no leading zeros (ifname.ts);
// - no parent or an empty one: dummy `di-<id12>`, internal as asked (parent.ts);
// - networks may share a parent when mode and flag agree (parent-usage.ts);
// - L2 gateway defaults to the first usable address; L3/L3S and internal networks
//   drop a given gateway with a warning (effective-subnets.ts);
// - ipv6 needs an explicit IPv6 subnet; IPv4 comes from Docker's local pools when
//   none is given and ipv4 is on (default-pool.ts).
export * from './connect';
export * from './container';
export * from './default-pool';
export * from './effective-subnets';
export * from './find-network';
export * from './host-shim';
export * from './ifname';
export * from './ipam-entry';
export * from './names';
export * from './network-create';
export * from './options';
export * from './pair-ipam-flags';
export * from './parent';
export * from './parent-usage';
export * from './subnet-set';
export * from './zod-issues';
export * from './special-ranges';
export * from './network-update';
