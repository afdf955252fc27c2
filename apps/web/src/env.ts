import { resolve } from 'node:path';
import { z } from 'zod';

// The dashboard's configuration, validated once and read nowhere else
// (STYLE.md habit 12). Server-only: nothing here may reach the browser.

const EnvSchema = z.object({
  /** Where the dashboard keeps its SQLite file and session secret. */
  UNDERLAY_WEB_DATA: z.string().min(1).default('./.data'),
  /** Admin password; when absent one is generated at first start and printed once. */
  UNDERLAY_ADMIN_PASSWORD: z
    .string()
    .min(8, 'UNDERLAY_ADMIN_PASSWORD must be at least 8 characters')
    .optional(),
  /** Name of a running lab whose hosts are registered at start. */
  UNDERLAY_LAB: z.string().min(1).optional(),
  /** The hub's fleet store URL as the agents reach it (given to each agent at link); unset: agents are not pointed at it. */
  UNDERLAY_FLEET_STORE_URL: z
    .string()
    .url('UNDERLAY_FLEET_STORE_URL must be a URL such as http://192.0.2.1:7480')
    .optional(),
  /** A unix socket the hub also serves its fleet store on (the lab relays it to 192.0.2.1:7480). */
  UNDERLAY_FLEET_STORE_SOCKET: z
    .string()
    .startsWith('/', 'UNDERLAY_FLEET_STORE_SOCKET must be an absolute path')
    .optional(),
  /** Serves /bench/topology without login (benchmarks only). */
  UNDERLAY_BENCH: z.enum(['0', '1']).default('0'),
  /** Session lifetime in hours. */
  UNDERLAY_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
});

/** Validated server settings. */
export interface WebEnv {
  dataDir: string;
  adminPassword: string | undefined;
  labName: string | undefined;
  benchOpen: boolean;
  sessionTtlMs: number;
  fleetStoreUrl: string | undefined;
  fleetStoreSocket: string | undefined;
}

/** Parses an environment (process.env by default); throws one message per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): WebEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Bad dashboard environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.UNDERLAY_WEB_DATA),
    adminPassword: e.UNDERLAY_ADMIN_PASSWORD,
    labName: e.UNDERLAY_LAB,
    benchOpen: e.UNDERLAY_BENCH === '1',
    sessionTtlMs: e.UNDERLAY_SESSION_HOURS * 3_600_000,
    fleetStoreUrl: e.UNDERLAY_FLEET_STORE_URL,
    fleetStoreSocket: e.UNDERLAY_FLEET_STORE_SOCKET,
  };
}

let cached: WebEnv | undefined;

/** The process's settings, read on first use. */
export function env(): WebEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
