import type { Container, DriftItem, Endpoint, KernelOp, Network, PlanStep } from '@underlay/core';

// Whole wire records for the CLI's formatter tests, typed as the agent
// declares them: a renamed field fails these fixtures' typecheck too.

/** A network record; `over` replaces fields. */
export const aNetwork = (over: Partial<Network> = {}): Network => ({
  id: '3f1c0a9b7d2e4f60a1b2c3d4e5f60718',
  name: 'vlan10',
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0.10',
  parentKind: 'vlan',
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [],
  labels: {},
  options: {},
  created: '2026-11-28T00:00:00Z',
  status: 'ok',
  ...over,
});

/** An endpoint record. */
export const anEndpoint = (over: Partial<Endpoint> = {}): Endpoint => ({
  id: 'e1',
  networkId: 'n1',
  container: 'c1',
  netns: 'c1',
  ifname: 'eth0',
  created: '2026-11-28T00:00:00Z',
  ...over,
});

/** A container record. */
export const aContainer = (over: Partial<Container> = {}): Container => ({
  name: 'c1',
  netns: 'c1',
  origin: 'created',
  source: {},
  created: '2026-11-28T00:00:00Z',
  ...over,
});

/** A drift item. */
export const aDriftItem = (over: Partial<DriftItem> = {}): DriftItem => ({
  kind: 'link-missing',
  network: 'vlan10',
  detail: 'eth0 of c1 is gone',
  ...over,
});

/** A plan step running `op`. */
export const aStep = (op: KernelOp, why = ''): PlanStep => ({ op, inverse: null, why });
