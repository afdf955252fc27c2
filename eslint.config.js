// Lint for the whole workspace. The rules that matter most here are the arrows
// of STYLE.md: core stays pure, web sees the agent only as a type.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'stream',
  'worker_threads',
  'dgram',
  'dns',
  'tls',
  'process',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/.next/**',
      '**/.next-*/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/test-results/**',
      '**/next-env.d.ts',
      '**/*.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // CommonJS on purpose (apps/agent/bin/underlay.cjs answers --version before
    // node loads its ES module loader): require, __dirname and process are its own.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // STYLE.md: a function does one thing, in about 40 lines as Prettier lays
    // them out (blank lines and comments not counted). Source only: a test's
    // body is a list of steps and reads best in one piece.
    files: ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.{ts,tsx}', 'e2e/src/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 40, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    // packages/core is pure: no I/O of any kind, so the dashboard and the
    // agent can run the same plan() and validate().
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message:
                'packages/core is pure: no Node built-ins (I/O belongs in netlink or the agent).',
            },
            {
              group: [
                'execa',
                'better-sqlite3',
                'ws',
                '@underlay/netlink',
                '@underlay/agent',
                '@underlay/lab',
                'pino',
                'prom-client',
              ],
              message: 'packages/core is pure: no processes, databases or sockets.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'packages/core is pure: no process access.' },
        { name: 'require', message: 'packages/core is ESM and pure.' },
      ],
    },
  },
  {
    // netlink knows Linux, not networks.
    files: ['packages/netlink/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@underlay/core', '@underlay/agent', 'better-sqlite3'],
              message: 'packages/netlink knows Linux, not networks or storage.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI loads no daemon code: `underlay --version` and `network ls`
    // start as fast as node itself (bench/cli.bench.ts). Only the router's
    // type may be imported, for the typed calls.
    files: ['apps/agent/src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(server|service|store|kernel|reconcile|exec|events/bus)(/|$)',
              message:
                'apps/agent/src/cli loads no daemon code (server, service, store, kernel, reconcile, exec): keep the CLI fast.',
            },
            {
              regex: '^(\\.\\./)+router(/|$)',
              allowTypeImports: true,
              message: 'apps/agent/src/cli may import the router only as a type (import type …).',
            },
            {
              group: [
                'better-sqlite3',
                'pino',
                'prom-client',
                '@underlay/netlink',
                '@underlay/netlink/*',
              ],
              message:
                'apps/agent/src/cli loads no SQLite, logger or kernel code: keep the CLI fast.',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard imports the agent's router as a type only; its one value
    // import is the connection module (URL, token, TLS, close codes).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@underlay/agent(/(?!connection$).*)?$',
              allowTypeImports: true,
              message: 'apps/web may import the agent only as a type (import type …).',
            },
          ],
        },
      ],
    },
  },
);
