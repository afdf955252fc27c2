export * from './errors';
export * from './ip';
export * from './schemas';
export * from './plan';
export * from './validate';
export * from './ipam';
export * from './topology';
export * from './reach';
