// Coordinated addressing for a network that spans hosts (the dashboard's job,
// since each agent sees only its own host): disjoint --ip-range slices per
// host, and cross-host duplicate checks on endpoints.
export * from './coordinate';
export * from './cross-host';
export * from './network-request';
export * from './reserved';
export * from './slices';
