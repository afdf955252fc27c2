import { z } from 'zod';
import { FLEET_STORE_FLAG } from './fleet/flag';

// The agent's configuration, validated once here and read nowhere else
// (STYLE.md 12). The CLI turns `underlay agent` flags into this object.

const hostPort = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/,
    'expected HOST:PORT, for example 127.0.0.1:7070 or [::1]:7070',
  );

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Options as the daemon accepts them (flags or a test). */
export const AgentConfigSchema = z
  .object({
    stateDir: z.string().min(1).default('/var/lib/underlay'),
    socket: z.string().min(1).default('/run/underlay/agent.sock'),
    /** TCP listener, off unless given. */
    listen: hostPort.optional(),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    /** Separate HTTP listener for /metrics and /healthz, off unless given. */
    metricsListen: hostPort.optional(),
    logLevel: logLevel.default('info'),
    /** Events kept for `lastEventId` replay. */
    eventsKept: z.number().int().positive().default(1000),
    /** Seconds between drift checks after the start-up one (each reads every container's namespace); 0 turns them off. */
    driftCheckSeconds: z.number().int().min(0).default(60),
    /** Docker plugin listener (NetworkDriver + IpamDriver): a unix socket path, HOST:PORT, or "off". The CLI defaults it to /run/docker/plugins/underlay.sock (off with a replay kernel). */
    dockerPlugin: z
      .union([
        z.literal('off'),
        z.string().regex(/^\//, 'expected an absolute socket path, HOST:PORT or "off"'),
        hostPort,
      ])
      .default('off'),
    /** dockerd's API socket, read by `network inspect` for the container ids of Docker's endpoints (when the plugin is on). */
    dockerdSocket: z
      .string()
      .regex(/^\//, 'expected an absolute socket path')
      .default('/var/run/docker.sock'),
    /** Fleet-wide IPAM store (issue 15): `none`, or `etcd://HOST:PORT[,…]`. Unset: the one a hub configured last (kept in the state), else none. */
    fleetStore: z
      .string()
      .regex(FLEET_STORE_FLAG, 'expected "none" or etcd://HOST:PORT[,HOST:PORT…]')
      .optional(),
    /**
     * The kernel port: `netlink` (the host's kernel, the default) or `replay:FILE`, a recorded host
     * snapshot served from memory. Replay is for the hub's scale test and benchmarks only.
     */
    kernel: z
      .string()
      .regex(
        /^(netlink|replay:.+)$/,
        'expected "netlink" or "replay:FILE" (a recorded host snapshot; hub scale tests and benchmarks only)',
      )
      .default('netlink'),
    /** Seconds between fleet store refreshes (lease renewal, lost blocks, empty blocks given back). */
    fleetRefreshSeconds: z.number().int().positive().default(30),
  })
  .strict()
  .refine((c) => Boolean(c.tlsCert) === Boolean(c.tlsKey), {
    message: 'TLS needs both a certificate and a key (--tls-cert and --tls-key)',
    path: ['tlsCert'],
  })
  .refine((c) => !c.tlsCert || c.listen, {
    message: 'TLS applies to the TCP listener: give --listen HOST:PORT too',
    path: ['listen'],
  });

export type AgentConfig = z.output<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

/** Validates daemon options; throws a message that names the bad field. */
export function parseAgentConfig(options: AgentConfigInput): AgentConfig {
  const parsed = AgentConfigSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
  throw new Error(`invalid agent configuration:\n${lines.join('\n')}`);
}

/** Splits `host:port` (IPv6 in brackets) for net.listen. */
export function splitHostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  const host = value.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(value.slice(at + 1)) };
}
