import type { NextConfig } from 'next';

// core ships TypeScript sources (no build step), so Next compiles it; the
// native SQLite binding and ws stay plain Node requires on the server.
// (@underlay/lab is never bundled: scripts/register-lab.ts runs it under tsx.)
const config: NextConfig = {
  transpilePackages: ['@underlay/core'],
  serverExternalPackages: ['better-sqlite3', 'ws'],
  poweredByHeader: false,
};

export default config;
