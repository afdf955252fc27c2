import { randomBytes } from 'node:crypto';
import { release } from 'node:os';
import { runIpRaw } from './exec.js';
import { ensureNetnsAbsent, netnsAdd } from './netns.js';

// What this kernel can do, found by trying it in a throwaway namespace (the
// only honest test: config files and module lists lie about what loads).
// Each try is one line of an `ip -force -batch -`, so the whole probe costs
// four processes; -force keeps going after a failing line and prints
// "Command failed -:N" after that line's message, which attributes it.

export interface Capabilities {
  ipvlan: boolean;
  ipvlanL3s: boolean;
  /** private and vepa (bridge is the default and needs nothing). */
  ipvlanFlags: boolean;
  vlan8021q: boolean;
  dummy: boolean;
  macvlan: boolean;
  ipv6: boolean;
  kernel: string;
  /** Why each missing capability is missing: iproute2's message and a hint. */
  errors: Record<string, string>;
}

type Cap =
  | 'ipvlan'
  | 'ipvlanL3s'
  | 'ipvlanPrivate'
  | 'ipvlanVepa'
  | 'vlan8021q'
  | 'dummy'
  | 'macvlan'
  | 'ipv6'
  | 'veth';

/** Per-line failure text of a `-force -batch` run, keyed by line index (from 0). */
export function forcedBatchFailures(stderr: string): Map<number, string> {
  const failures = new Map<number, string>();
  let text: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^Command failed -:(\d+)$/.exec(line);
    if (m) {
      failures.set(Number(m[1]) - 1, text.join(' ').trim() || 'failed');
      text = [];
    } else if (line.trim()) text.push(line.trim());
  }
  return failures;
}

const HINT: Partial<Record<Cap, string>> = {
  ipvlan:
    'no ipvlan driver in this kernel (CONFIG_IPVLAN not built, or its module not loaded and not loadable)',
  ipvlanL3s: 'ipvlan l3s needs CONFIG_IPVLAN_L3S (netfilter)',
  vlan8021q: 'no 802.1Q driver (CONFIG_VLAN_8021Q / module 8021q)',
  dummy: 'no dummy driver (CONFIG_DUMMY / module dummy)',
  macvlan: 'no macvlan driver (CONFIG_MACVLAN)',
  ipv6: 'IPv6 is disabled or not built (module ipv6, or ipv6.disable=1)',
};

async function tryLines(
  netns: string,
  lines: Array<[Cap | null, string]>,
  errors: Map<Cap, string>,
): Promise<void> {
  const r = await runIpRaw({
    netns,
    args: ['-force', '-batch', '-'],
    input: `${lines.map(([, l]) => l).join('\n')}\n`,
  });
  const failures = forcedBatchFailures(r.stderr);
  lines.forEach(([cap, line], i) => {
    const why = failures.get(i);
    if (why !== undefined && cap && !errors.has(cap)) errors.set(cap, `${why} (tried: ip ${line})`);
  });
}

/** Parent devices for the driver tries: veth pairs when veth works, else dummies; none if neither. */
function parentLines(errors: Map<Cap, string>): {
  parents: string[];
  lines: Array<[null, string]>;
} {
  const names = ['pp0', 'pp1', 'pp2', 'pp3', 'pp4', 'pp5'];
  if (!errors.has('veth'))
    return {
      parents: names,
      lines: [0, 2, 4].map((i) => [
        null,
        `link add name ${names[i]} type veth peer name ${names[i + 1]}`,
      ]),
    };
  if (!errors.has('dummy'))
    return { parents: names, lines: names.map((n) => [null, `link add name ${n} type dummy`]) };
  return { parents: [], lines: [] };
}

/** The drivers tried on a parent device, as the `type …` tail of a `link add link PARENT`. */
const DRIVERS: Array<[Cap, string]> = [
  ['vlan8021q', 'type vlan id 10'],
  ['ipvlan', 'type ipvlan mode l2 bridge'],
  ['ipvlanL3s', 'type ipvlan mode l3s bridge'],
  ['ipvlanPrivate', 'type ipvlan mode l2 private'],
  ['ipvlanVepa', 'type ipvlan mode l2 vepa'],
  ['macvlan', 'type macvlan mode bridge'],
];

/** What a probe that could not run at all reports for each capability. */
const ALL_CAPS = [
  'ipvlan',
  'ipvlanL3s',
  'ipvlanPrivate',
  'vlan8021q',
  'dummy',
  'macvlan',
  'ipv6',
] as const;

/** The tries themselves, in `netns`: the base capabilities first, then the drivers on parents they allow. */
async function tryAll(netns: string, errors: Map<Cap, string>): Promise<void> {
  await netnsAdd({ name: netns });
  await tryLines(
    netns,
    [
      ['veth', 'link add name pv0 type veth peer name pv1'],
      ['dummy', 'link add name pd0 type dummy'],
      ['ipv6', 'addr add fd00::1/128 dev lo nodad'],
    ],
    errors,
  );
  const { parents, lines } = parentLines(errors);
  if (parents.length === 0)
    for (const [cap] of DRIVERS)
      errors.set(cap, 'no parent device to try on: neither veth nor dummy links work');
  else
    await tryLines(
      netns,
      [
        ...lines,
        ...DRIVERS.map(([cap, type], i): [Cap, string] => [
          cap,
          `link add link ${parents[i]} name pt${i} ${type}`,
        ]),
      ],
      errors,
    );
}

/**
 * Tries each capability in a namespace `underlay-probe-<random>` that is
 * always removed afterwards. Never touches the caller's namespace.
 */
export async function probeCapabilities(): Promise<Capabilities> {
  const netns = `underlay-probe-${randomBytes(4).toString('hex')}`;
  const errors = new Map<Cap, string>();
  try {
    await tryAll(netns, errors);
  } catch (e) {
    for (const cap of ALL_CAPS) errors.set(cap, `probe could not run: ${(e as Error).message}`);
  } finally {
    await ensureNetnsAbsent({ name: netns }).catch(() => undefined);
  }
  return summarize(errors);
}

function summarize(errors: Map<Cap, string>): Capabilities {
  const ok = (cap: Cap) => !errors.has(cap);
  const out: Record<string, string> = {};
  for (const [cap, why] of errors) {
    if (cap === 'veth') continue;
    const key = cap === 'ipvlanPrivate' || cap === 'ipvlanVepa' ? 'ipvlanFlags' : cap;
    const hint = HINT[cap];
    // l3s and the flags cannot work without ipvlan itself: say that, not the echo of the same failure.
    const needsIpvlan = key !== 'ipvlan' && key.startsWith('ipvlan') && errors.has('ipvlan');
    out[key] ??= needsIpvlan
      ? 'needs ipvlan, which this kernel lacks (see errors.ipvlan)'
      : `${why}${hint && /Unknown device type|not supported/i.test(why) ? `: ${hint}` : ''}`;
  }
  return {
    ipvlan: ok('ipvlan'),
    ipvlanL3s: ok('ipvlanL3s'),
    ipvlanFlags: ok('ipvlanPrivate') && ok('ipvlanVepa'),
    vlan8021q: ok('vlan8021q'),
    dummy: ok('dummy'),
    macvlan: ok('macvlan'),
    ipv6: ok('ipv6'),
    kernel: release(),
    errors: out,
  };
}
