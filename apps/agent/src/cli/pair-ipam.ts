import {
  DomainError,
  type IpamConfig,
  type Issue,
  pairIpamFlags as pairInCore,
} from '@underlay/core';
import { CliError } from './cli-error';

// docker/cli's createIPAMConfig lives in core (pairIpamFlags) so the dashboard's
// form pairs the same way; here its issues are named by the flag people typed.

/** The IPAM flags of `network create`, as typed. */
export interface IpamFlags {
  subnets: string[];
  gateways: string[];
  ipRanges: string[];
  auxAddresses: Record<string, string>;
}

const FLAG_OF: Record<string, string> = {
  subnet: '--subnet',
  gateway: '--gateway',
  ipRange: '--ip-range',
  auxAddress: '--aux-address',
};

/** Pairs every gateway, ip-range and aux address with its subnet; refuses what Docker's CLI refuses, one line per problem. */
export function pairIpamFlags(flags: IpamFlags): IpamConfig[] {
  // Docker's first check, before any pairing: more gateways or ranges than subnets.
  if (
    flags.subnets.length < flags.gateways.length ||
    flags.subnets.length < flags.ipRanges.length
  ) {
    const flag = flags.subnets.length < flags.gateways.length ? '--gateway' : '--ip-range';
    throw new CliError(
      `Error: ${flag}: every --ip-range or --gateway must have a corresponding --subnet: give one --subnet per gateway and range.`,
    );
  }
  try {
    return pairInCore(flags);
  } catch (error) {
    if (error instanceof DomainError)
      throw new CliError(error.issues.filter((p) => p.severity === 'error').map(flagLine));
    throw error;
  }
}

/** `Error: --gateway: <message> <hint>` for an issue whose path is `[field, index|name]`. */
function flagLine(problem: Issue): string {
  const field = String(problem.path[0] ?? '');
  const flag = FLAG_OF[field] ?? field;
  return `Error: ${flag}: ${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`;
}
