export * from './common';
export * from './container';
export * from './endpoint';
export * from './network';
export * from './ops';
export * from './snapshot';
export * from './drift';
export * from './shim';
