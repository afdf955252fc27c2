export * from './errors';
export * from './ip';
export * from './schemas';
