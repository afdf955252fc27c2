import { z } from 'zod';
import { IpvlanFlagSchema, IpvlanModeSchema } from './common';

// The CNI plugin's wire: what the `underlay-cni` client sends to the agent
// (POST /cni/v1 on its unix socket) and what a CNI runtime reads back. Field
// names follow the CNI spec (containernetworking/cni SPEC.md, 1.1.0).

/** CNI spec versions underlay-cni speaks; results are written in the version asked for. */
export const CNI_VERSIONS = ['0.4.0', '1.0.0', '1.1.0'] as const;
export const CniVersionSchema = z.enum(CNI_VERSIONS);
export type CniVersion = z.infer<typeof CniVersionSchema>;

/** The spec's commands. */
export const CNI_COMMANDS = ['ADD', 'DEL', 'CHECK', 'VERSION', 'GC', 'STATUS'] as const;
export const CniCommandSchema = z.enum(CNI_COMMANDS);
export type CniCommand = z.infer<typeof CniCommandSchema>;

/** What the client forwards: the command, the CNI_* environment as strings, and stdin unparsed. */
export const CniRequestSchema = z
  .object({
    command: z.string(),
    env: z.record(z.string(), z.string()),
    config: z.string(),
  })
  .strict();
export type CniRequest = z.infer<typeof CniRequestSchema>;

// CNI_CONTAINERID per the spec: alphanumeric first, then [A-Za-z0-9_.-].
export const CNI_CONTAINER_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** One subnet given inline in a network config (names as `network create`'s flags). */
export const CniSubnetSchema = z
  .object({
    subnet: z.string(),
    gateway: z.string().optional(),
    ipRange: z.string().optional(),
  })
  .strict();

/** The underlay keys of a network config; the spec's own keys (name, type, cniVersion, args, …) sit beside them. */
export const CniNetConfSchema = z.object({
  cniVersion: z.string(),
  name: z.string().min(1),
  type: z.string().min(1),
  /** The underlay network to join (default: the CNI network's name). */
  network: z.string().min(1).optional(),
  /** Read by the client only (socket and token of the agent). */
  agentSocket: z.string().optional(),
  tokenFile: z.string().optional(),
  /** Inline options: the network is made on first ADD when missing, and must agree afterwards. */
  parent: z.string().optional(),
  ipvlan_mode: IpvlanModeSchema.optional(),
  ipvlan_flag: IpvlanFlagSchema.optional(),
  internal: z.boolean().optional(),
  subnets: z.array(CniSubnetSchema).min(1).optional(),
  dns: z
    .object({
      nameservers: z.array(z.string()).optional(),
      domain: z.string().optional(),
      search: z.array(z.string()).optional(),
      options: z.array(z.string()).optional(),
    })
    .optional(),
  runtimeConfig: z
    .object({ ips: z.array(z.string()).optional() })
    .loose()
    .optional(),
  args: z
    .object({
      cni: z
        .object({ ips: z.array(z.string()).optional() })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
  prevResult: z.record(z.string(), z.unknown()).optional(),
  'cni.dev/valid-attachments': z
    .array(z.object({ containerID: z.string(), ifname: z.string() }).loose())
    .optional(),
});
export type CniNetConf = z.infer<typeof CniNetConfSchema>;

/** The inline network keys: any of them turns on create-if-missing and the equality check. */
export const CNI_INLINE_KEYS = [
  'parent',
  'ipvlan_mode',
  'ipvlan_flag',
  'internal',
  'subnets',
] as const;

/** An interface of a result. */
export const CniInterfaceSchema = z.object({
  name: z.string(),
  mac: z.string().optional(),
  mtu: z.number().int().optional(),
  sandbox: z.string().optional(),
});

/** An address of a result; `version` exists in 0.4.0 only. */
export const CniIpSchema = z.object({
  address: z.string(),
  gateway: z.string().optional(),
  interface: z.number().int().optional(),
  version: z.enum(['4', '6']).optional(),
});

/** A route of a result. */
export const CniRouteSchema = z.object({ dst: z.string(), gw: z.string().optional() });

/** An ADD result (and CHECK's prevResult). */
export const CniResultSchema = z.object({
  cniVersion: z.string(),
  interfaces: z.array(CniInterfaceSchema).optional(),
  ips: z.array(CniIpSchema).optional(),
  routes: z.array(CniRouteSchema).optional(),
  dns: z.record(z.string(), z.unknown()).optional(),
});
export type CniResult = z.infer<typeof CniResultSchema>;

/** The spec's error object, printed on stdout with a non-zero exit status. */
export const CniErrorSchema = z.object({
  cniVersion: z.string(),
  code: z.number().int(),
  msg: z.string(),
  details: z.string().optional(),
});
export type CniErrorBody = z.infer<typeof CniErrorSchema>;

/** VERSION's answer. */
export const CniVersionResultSchema = z.object({
  cniVersion: z.string(),
  supportedVersions: z.array(z.string()),
});
