// @underlay/netlink: typed Linux links, addresses, routes and namespaces over
// iproute2. One file per kernel object, one verb per function.
export * from './links.js';
export * from './addrs.js';
export * from './routes.js';
export * from './netns.js';
export { batch, batchFailureIndex, batchLines, BatchOp } from './batch.js';
export * from './batch-session.js';
export * from './ensure.js';
export * from './monitor.js';
export * from './probe.js';
export { execIn, type ExecResult } from './exec.js';
export * from './errors.js';
export { errnoFromStderr, type ErrnoName } from './errno.js';
export { Cidr, IpvlanFlag, IpvlanMode, LinkSpec } from './specs.js';
export * as argv from './argv.js';
export { ifNameProblem, netnsNameProblem, parseCidr, ipFamily } from './validate.js';
