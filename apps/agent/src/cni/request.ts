import {
  CNI_COMMANDS,
  CNI_CONTAINER_ID,
  CNI_VERSIONS,
  CniNetConfSchema,
  CniRequestSchema,
  formatPath,
  validateIfname,
  type CniCommand,
  type CniNetConf,
  type CniVersion,
} from '@underlay/core';
import { CNI_CODES, CniError } from './errors';

// Reads one CNI call (command, CNI_* environment, stdin) as the spec defines
// it, refusing what is missing or malformed with the spec's codes: 4 for the
// environment, 6 for stdin that is not JSON, 7 for the network config, 1 for
// a cniVersion this plugin does not speak.

/** A validated CNI call. */
export interface CniCall {
  command: CniCommand;
  version: CniVersion;
  containerId: string;
  netns: string;
  ifname: string;
  /** CNI_ARGS as pairs (K=V;K2=V2). */
  args: Record<string, string>;
  conf: CniNetConf;
}

/** Which variables each command needs (SPEC.md "Parameters"; libcni's skel also requires CNI_PATH for GC). */
const REQUIRED: Record<CniCommand, string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME', 'CNI_PATH'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  GC: ['CNI_PATH'],
  STATUS: [],
  VERSION: [],
};

const envError = (name: string, message: string, details: string) =>
  new CniError(CNI_CODES.invalidEnv, `${name}: ${message}`, details);

/** The config's cniVersion when it is one this plugin speaks, else the newest (for error replies). */
export function replyVersion(config: string): CniVersion {
  try {
    const version = (JSON.parse(config) as { cniVersion?: unknown }).cniVersion;
    return CNI_VERSIONS.find((v) => v === version) ?? '1.1.0';
  } catch {
    return '1.1.0';
  }
}

/** The command from the request, or a code-4 error naming CNI_COMMAND. */
export function commandOf(command: string): CniCommand {
  const found = CNI_COMMANDS.find((c) => c === command);
  if (found) return found;
  throw envError(
    'CNI_COMMAND',
    command ? `"${command}" is not a CNI command` : 'is not set',
    `Set CNI_COMMAND to one of ${CNI_COMMANDS.join(', ')}.`,
  );
}

/** CNI_ARGS `K=V;K2=V2` as a map; a pair without "=" is refused. */
export function parseCniArgs(text: string | undefined): Record<string, string> {
  const args: Record<string, string> = {};
  for (const pair of (text ?? '').split(';')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    if (at <= 0)
      throw envError('CNI_ARGS', `"${pair}" is not KEY=VALUE`, 'Write CNI_ARGS as K=V;K2=V2.');
    args[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return args;
}

function checkEnv(command: CniCommand, env: Record<string, string>): void {
  for (const name of REQUIRED[command])
    if (!env[name])
      throw envError(name, `is required for ${command} and not set`, `Set ${name} (SPEC.md).`);
  const id = env.CNI_CONTAINERID;
  if (id !== undefined && id !== '' && !CNI_CONTAINER_ID.test(id))
    throw envError(
      'CNI_CONTAINERID',
      `"${id}" is not a valid container id`,
      'A container id starts with a letter or digit, then letters, digits, "_", "." or "-".',
    );
  const netns = env.CNI_NETNS;
  if (netns && (!netns.startsWith('/') || netns.includes('\0')))
    throw envError(
      'CNI_NETNS',
      `"${netns}" is not an absolute path`,
      'Give the path of a network namespace file, e.g. /run/netns/NAME or /proc/PID/ns/net.',
    );
  const ifname = env.CNI_IFNAME;
  const bad = ifname ? validateIfname(ifname, ['CNI_IFNAME'])[0] : undefined;
  if (bad) throw envError('CNI_IFNAME', bad.message, bad.hint ?? '');
}

function parseJson(config: string): unknown {
  try {
    return JSON.parse(config);
  } catch (err) {
    throw new CniError(
      CNI_CODES.decodeFailure,
      `stdin: the network configuration is not JSON: ${(err as Error).message}`,
      'Pass the network configuration as a JSON object on stdin.',
    );
  }
}

function checkVersion(command: CniCommand, raw: Record<string, unknown>): CniVersion {
  const asked = raw.cniVersion;
  if (asked === undefined || asked === '')
    throw new CniError(
      CNI_CODES.invalidConfig,
      'cniVersion: missing from the network configuration',
      `Add "cniVersion": one of ${CNI_VERSIONS.join(', ')}.`,
    );
  const version = CNI_VERSIONS.find((v) => v === asked);
  if (!version)
    throw new CniError(
      CNI_CODES.incompatibleVersion,
      `cniVersion: ${JSON.stringify(asked)} is not supported by underlay-cni`,
      `Use one of ${CNI_VERSIONS.join(', ')}.`,
    );
  if ((command === 'GC' || command === 'STATUS') && version !== '1.1.0')
    throw new CniError(
      CNI_CODES.incompatibleVersion,
      `cniVersion: ${command} needs cniVersion 1.1.0, the config says ${version}`,
      'Use "cniVersion": "1.1.0" for GC and STATUS.',
    );
  return version;
}

function checkConf(raw: Record<string, unknown>): CniNetConf {
  for (const key of ['name', 'type'])
    if (typeof raw[key] !== 'string' || raw[key] === '')
      throw new CniError(
        CNI_CODES.invalidConfig,
        `${key}: missing from the network configuration`,
        key === 'type' ? 'Add "type": "underlay-cni".' : 'Add the network\'s "name".',
      );
  const parsed = CniNetConfSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = formatPath((first?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p))));
  throw new CniError(
    CNI_CODES.invalidConfig,
    `${where || 'config'}: ${first?.message ?? 'invalid'}`,
    'See the underlay-cni keys in apps/agent/README.md.',
  );
}

/** Validates a forwarded call; throws CniError with the spec's code. */
export function parseCniCall(body: unknown): CniCall {
  const request = CniRequestSchema.safeParse(body);
  if (!request.success)
    throw new CniError(CNI_CODES.decodeFailure, 'request: not a CNI call from underlay-cni');
  const { env, config } = request.data;
  const command = commandOf(env.CNI_COMMAND ?? request.data.command);
  const raw = parseJson(config);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CniError(
      CNI_CODES.decodeFailure,
      'stdin: the network configuration is not an object',
      'Pass the network configuration as a JSON object on stdin.',
    );
  const record = raw as Record<string, unknown>;
  const version = checkVersion(command, record);
  const conf = checkConf(record);
  checkEnv(command, env);
  return {
    command,
    version,
    containerId: env.CNI_CONTAINERID ?? '',
    netns: env.CNI_NETNS ?? '',
    ifname: env.CNI_IFNAME ?? '',
    args: parseCniArgs(env.CNI_ARGS),
    conf,
  };
}
