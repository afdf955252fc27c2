// The public face of the connectivity predictions: side resolution and the
// rule files stay internal.
export { predictMatrix, predictReachability, compareObserved } from './predict';
export {
  RULE_CODES,
  type EndpointRef,
  type MatrixCell,
  type Prediction,
  type ReachOptions,
  type ReachQuery,
  type RuleCode,
} from './types';
