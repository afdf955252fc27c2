export * from './containers';
export * from './db';
export * from './endpoints';
export * from './events';
export * from './networks';
export * from './owned-links';
export * from './shims';
export * from './installed-routes';
