import { type Issue, issue } from '../errors';
import { cidrContains, parseCidr } from '../ip/cidr';
import type { IpvlanFlag, HostSnapshot, Subnet } from '../schemas';

// `-o host_shim=true`: the host gets an ipvlan link of its own on the parent
// (plan/shim.ts). Refused where it cannot work: an internal network must reach
// nothing outside itself, the host included; the private flag blocks traffic
// between the parent's ipvlan links, which is all the shim is.

export interface HostShimRequest {
  options: Record<string, string>;
  internal: boolean;
  flag: IpvlanFlag;
  subnets: readonly Subnet[];
  snapshot: HostSnapshot;
}

/** True when the options ask for a host shim (`-o host_shim=true`). */
export const wantsHostShim = (options: Record<string, string>): boolean =>
  options.host_shim === 'true';

/** A host address inside one of the subnets: its connected route would clash with the shim's. */
function conflictIssues({ subnets, snapshot }: HostShimRequest): Issue[] {
  const shims = new Set((snapshot.shims ?? []).map((s) => s.ifname));
  return subnets.flatMap((s) => {
    const block = parseCidr(s.subnet);
    const taken = snapshot.addresses.find((a) => {
      const held = parseCidr(a.address);
      return (
        !shims.has(a.dev) &&
        block !== null &&
        held !== null &&
        cidrContains(block, { family: held.family, value: held.written })
      );
    });
    if (!taken) return [];
    return [
      issue(
        'HOST_SHIM_CONFLICT',
        ['options', 'host_shim'],
        `host_shim: this host already has ${taken.address} on ${taken.dev}, inside subnet ${s.subnet}; the shim's route to ${s.subnet} would clash with ${taken.dev}'s.`,
        `The host already reaches ${s.subnet} through ${taken.dev}: leave host_shim out, or move that address.`,
      ),
    ];
  });
}

/** Issues of `-o host_shim`: a value other than true/false, or a shim where it cannot work. */
export function hostShimIssues(request: HostShimRequest): Issue[] {
  const value = request.options.host_shim;
  // An empty value is EMPTY_OPTION's to report: one message per mistake.
  if (value === undefined || value === 'false' || value.trim() === '') return [];
  if (value !== 'true')
    return [
      issue(
        'INVALID_HOST_SHIM',
        ['options', 'host_shim'],
        `host_shim "${value}" is not valid: use true or false.`,
        'Write -o host_shim=true to let this host reach its own containers on the network.',
      ),
    ];
  if (request.internal)
    return [
      issue(
        'HOST_SHIM_INTERNAL',
        ['options', 'host_shim'],
        'host_shim cannot be used with --internal: an internal network reaches nothing outside itself, the host included.',
        'Drop --internal, or drop -o host_shim=true.',
      ),
    ];
  if (request.flag === 'private')
    return [
      issue(
        'HOST_SHIM_PRIVATE',
        ['options', 'host_shim'],
        'host_shim cannot be used with ipvlan_flag=private: private blocks traffic between links of one parent, and the shim is one of them.',
        'Use ipvlan_flag=bridge (the default), or drop -o host_shim=true.',
      ),
    ];
  return conflictIssues(request);
}
