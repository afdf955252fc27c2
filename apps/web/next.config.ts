import type { NextConfig } from 'next';

// core ships TypeScript sources (no build step), so Next compiles it; the
// native SQLite binding and ws stay plain Node requires on the server.
const config: NextConfig = {
  transpilePackages: ['@underlay/core'],
  serverExternalPackages: ['better-sqlite3', 'ws'],
  poweredByHeader: false,
};

export default config;
