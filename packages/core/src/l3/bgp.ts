import { issue, type Issue } from '../errors';
import { parseAddress } from '../ip/address';
import type { BgpConfig } from '../schemas/bgp';
import type { Network } from '../schemas/network';

// BGP settings checked with field paths, and the BIRD 2 fragment rendered
// from them: a static protocol holding the host's L3/L3S subnets (unreachable
// routes: BIRD has no kernel protocol exporting them, they exist only to be
// announced) and one BGP session per neighbour exporting just that protocol.

const ASN_MAX = 4294967295;

/** Every problem with a BGP config; empty means usable. */
export function validateBgpConfig(config: BgpConfig): Issue[] {
  return [
    ...asnIssues(config.asn, ['asn']),
    ...config.neighbors.flatMap((n, i) => neighbourIssues(n, i)),
    ...routerIdIssues(config.routerId),
  ];
}

function asnIssues(value: number, path: Issue['path']): Issue[] {
  if (Number.isInteger(value) && value >= 1 && value <= ASN_MAX) return [];
  return [
    issue(
      'INVALID_BGP_CONFIG',
      path,
      `ASN ${value} is out of range: use a whole number from 1 to ${ASN_MAX}.`,
      'Private ASNs are 64512–65534 and 4200000000–4294967294.',
    ),
  ];
}

// One neighbour: its ASN, its address, then its password (BIRD quotes it).
function neighbourIssues(n: BgpConfig['neighbors'][number], i: number): Issue[] {
  const issues = asnIssues(n.asn, ['neighbors', i, 'asn']);
  if (!parseAddress(n.address))
    issues.push(
      issue(
        'INVALID_BGP_CONFIG',
        ['neighbors', i, 'address'],
        `neighbour "${n.address}" is not an IPv4 or IPv6 address.`,
        'Give the neighbour router address, for example 10.60.0.1.',
      ),
    );
  return [...issues, ...passwordIssues(n.password, ['neighbors', i, 'password'])];
}

function passwordIssues(password: string | undefined, path: Issue['path']): Issue[] {
  const issues: Issue[] = [];
  if (password !== undefined && !/^[\x20-\x7e]{1,80}$/.test(password))
    issues.push(
      issue(
        'INVALID_BGP_CONFIG',
        path,
        'the password must be 1–80 printable ASCII characters.',
        'Use the TCP-MD5 password both routers share, or leave it out.',
      ),
    );
  if (password && /["\\]/.test(password))
    issues.push(
      issue(
        'INVALID_BGP_CONFIG',
        path,
        'the password cannot hold a double quote or a backslash (BIRD string syntax).',
        'Choose a password without " and \\ on both routers.',
      ),
    );
  return issues;
}

function routerIdIssues(id: string | undefined): Issue[] {
  if (id === undefined || parseAddress(id)?.family === 4) return [];
  return [
    issue(
      'INVALID_BGP_CONFIG',
      ['routerId'],
      `router id "${id}" is not an IPv4 address.`,
      "Give an IPv4 address of this host (e.g. its underlay address), or leave it out for BIRD's choice.",
    ),
  ];
}

/** The subnets a host announces: every subnet of its L3/L3S networks that are not internal. */
export function announcedSubnets(
  networks: readonly Network[],
): { dst: string; network: string; family: 4 | 6 }[] {
  return networks
    .filter((n) => n.mode !== 'l2' && !n.internal)
    .flatMap((n) => n.subnets.map((s) => ({ dst: s.subnet, network: n.name, family: s.family })));
}

/** The BIRD 2 fragment for a config and the host's networks (empty of protocols when disabled). */
export function renderBirdFragment(config: BgpConfig, networks: readonly Network[]): string {
  const lines = ['# Written by the underlay agent: every change here is overwritten.'];
  if (!config.enabled) return `${lines.join('\n')}\n`;
  const subnets = announcedSubnets(networks);
  for (const family of [4, 6] as const) {
    const mine = subnets.filter((s) => s.family === family);
    lines.push(
      `protocol static underlay_l3_v${family} {`,
      `  ipv${family};`,
      ...mine.map((s) => `  route ${s.dst} unreachable; # ${s.network}`),
      '}',
    );
  }
  config.neighbors.forEach((n, i) => {
    const family = parseAddress(n.address)?.family ?? 4;
    lines.push(
      `protocol bgp underlay_peer${i} {`,
      `  local as ${config.asn};`,
      `  neighbor ${n.address} as ${n.asn};`,
      ...(n.password ? [`  password "${n.password}";`] : []),
      `  ipv${family} { import none; export where proto = "underlay_l3_v${family}"; };`,
      '}',
    );
  });
  return `${lines.join('\n')}\n`;
}
