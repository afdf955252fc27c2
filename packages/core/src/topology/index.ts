export { buildTopology } from './build';
export { diffTopology, type TopologyDiff } from './diff';
export { topoId } from './ids';
export { containerStacks } from './stacks';
export {
  layoutTopology,
  RIBBON,
  ROW_STEP,
  STACK_QUANTUM,
  type LayoutOptions,
  type Position,
} from './layout';
export { synthFleet, type FleetShape } from './synth';
export type {
  HostView,
  TopoData,
  TopoEdge,
  TopoEdgeKind,
  TopoNode,
  TopoNodeKind,
  TopoView,
  Topology,
} from './types';
export { expandFleet, hostTree, layoutFleet, type Extent, type FleetLayout } from './fleet-layout';
export { hostShape, type HostShape } from './host-shape';
