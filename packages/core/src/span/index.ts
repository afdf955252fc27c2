// A network that spans hosts (the dashboard's view, since each agent sees only
// its own host): whether its subnets have a block for every host, the shared
// segment a multi-host create puts it on, and cross-host duplicate checks.
export * from './cross-host';
export * from './lease-capacity';
export * from './network-request';
