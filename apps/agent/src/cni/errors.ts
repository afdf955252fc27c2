import { formatPath, type CniErrorBody, type ErrorCode, type Issue } from '@underlay/core';
import { domainDataOf } from '../router/errors';

// CNI errors are data: the spec's code, a message naming the field, details
// saying what to do. Codes below 100 are the spec's; underlay's own domain
// codes get fixed numbers from 100 up (a runtime or a person can switch on
// them; never renumber one).

/** The spec's well-known codes (SPEC.md "Error"). */
export const CNI_CODES = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  containerUnknown: 3,
  invalidEnv: 4,
  ioFailure: 5,
  decodeFailure: 6,
  invalidConfig: 7,
  tryAgainLater: 11,
  notAvailable: 50,
} as const;

/** underlay's domain codes as CNI codes; any code not listed is 100. */
export const UNDERLAY_CNI_CODES: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 100,
  NOT_FOUND: 101,
  ENDPOINT_EXISTS: 102,
  ADDRESS_IN_USE: 103,
  ADDRESS_EXHAUSTED: 104,
  ADDRESS_OUTSIDE_SUBNET: 105,
  INVALID_ADDRESS: 106,
  ADDRESS_RESERVED: 107,
  PARENT_NOT_FOUND: 108,
  PARENT_BASE_NOT_FOUND: 109,
  PARENT_DOWN: 110,
  PARENT_MODE_CONFLICT: 111,
  PARENT_BUSY: 112,
  INVALID_IFNAME: 113,
  INVALID_SUBNET: 114,
  SUBNET_OVERLAP: 115,
  INVALID_GATEWAY: 116,
  INVALID_MODE: 117,
  INVALID_FLAG: 118,
  KERNEL_ERROR: 120,
  ROLLED_BACK: 121,
};

/** A network config whose inline options disagree with the existing network. */
export const CNI_NETWORK_MISMATCH = 130;
/** CHECK found the kernel differing from the records. */
export const CNI_CHECK_FAILED = 131;

/** A failure that becomes the spec's error object. */
export class CniError extends Error {
  override readonly name = 'CniError';
  constructor(
    readonly code: number,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}

// The agent's request fields as a CNI user knows them.
const FIELD_NAMES: Record<string, string> = {
  ipv4Address: 'runtimeConfig.ips',
  ipv6Address: 'runtimeConfig.ips',
  ifname: 'CNI_IFNAME',
  container: 'CNI_CONTAINERID',
  network: 'network',
  options: '',
  ipam: 'subnets',
};

/**
 * A domain path in the config's terms: options.parent → parent, ipam[0].gateway → subnets[0].gateway; a static
 * address is named by the field it came from (`addressField`: args.cni.ips, CNI_ARGS IP), runtimeConfig.ips if unsaid.
 */
export function cniPath(path: Issue['path'], addressField?: string): string {
  const mapped = path.flatMap((part): (string | number)[] => {
    if (typeof part === 'number') return [part];
    const isAddress = part === 'ipv4Address' || part === 'ipv6Address';
    const name = isAddress && addressField ? addressField : FIELD_NAMES[part];
    return name === undefined ? [part] : name ? [name] : [];
  });
  return formatPath(mapped);
}

const queueClosed = (err: unknown) =>
  err instanceof Error && /shutting down/.test(err.message) && !domainDataOf(err);

/** Any failure of a command as a CniError (domain codes from 100, the agent stopping as 11); see cniPath for `addressField`. */
export function toCniError(err: unknown, addressField?: string): CniError {
  if (err instanceof CniError) return err;
  if (queueClosed(err))
    return new CniError(
      CNI_CODES.tryAgainLater,
      'the underlay agent is shutting down',
      'Retry once it is back.',
    );
  const data = domainDataOf(err);
  if (!data)
    return new CniError(100, `underlay agent: ${err instanceof Error ? err.message : String(err)}`);
  const first = data.issues.find((i) => i.severity === 'error') ?? data.issues[0];
  const where = cniPath(data.path, addressField);
  const message = first?.message ?? (err as Error).message;
  const hint = data.hint ? `${data.hint} ` : '';
  const errno = data.errno ? ` errno ${data.errno}` : '';
  return new CniError(
    UNDERLAY_CNI_CODES[data.code] ?? 100,
    where ? `${where}: ${message}` : message,
    `${hint}(underlay ${data.code}${errno})`,
  );
}

/** The spec's error object for `err`, in `cniVersion`. */
export function cniErrorBody(err: CniError, cniVersion: string): CniErrorBody {
  return {
    cniVersion,
    code: err.code,
    msg: err.message,
    ...(err.details ? { details: err.details } : {}),
  };
}
