import type { NextConfig } from 'next';

// core and the agent's connection module ship TypeScript sources (no build
// step), so Next compiles them; the
// native SQLite binding and ws stay plain Node requires on the server.
// (@underlay/lab is never bundled: scripts/register-lab.ts runs it under tsx.)
const config: NextConfig = {
  // Several engineers build and run the e2e suite in one checkout at once: a
  // build dir of one's own (e.g. UNDERLAY_WEB_DIST_DIR=.next-mine, for both
  // `next build` and the suite's `next start`) keeps one run from replacing
  // the build another is serving. Build config, so read here, not in src/env.ts.
  distDir: process.env.UNDERLAY_WEB_DIST_DIR || '.next',
  transpilePackages: ['@underlay/core', '@underlay/agent', '@underlay/fleet-store'],
  serverExternalPackages: ['better-sqlite3', 'ws'],
  poweredByHeader: false,
  // The dashboard drives root-level agents: never framed (clickjacking), no
  // MIME sniffing, no URLs leaked to other origins.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default config;
