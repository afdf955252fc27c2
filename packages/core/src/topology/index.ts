export * from './build';
export * from './diff';
export * from './ids';
export * from './layout';
export * from './synth';
export * from './types';
