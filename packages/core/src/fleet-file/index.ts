// Fleet files: `underlay plan|apply -f`, `underlay export`.
export * from './diff';
export * from './export';
export * from './file-issue';
export * from './json-schema';
export * from './load';
export * from './parse-csv';
export * from './plan-text';
export * from './request';
export * from './schema';
export * from './select';
export * from './spec';
export * from './apply';
export * from './apply-fleet';
export * from './apply-report';
export * from './pool';
