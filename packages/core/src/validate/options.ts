import { type Issue, issue } from '../errors';
import {
  IPVLAN_FLAGS,
  IPVLAN_MODES,
  type IpvlanFlag,
  type IpvlanMode,
  KNOWN_OPTIONS,
} from '../schemas';
import { closest } from './suggest';

// Docker's ipvlan driver reads three keys and silently ignores the rest, so a
// typo such as ipvlan-mode=l3 quietly gives an l2 network. We refuse unknown
// keys (decision table), and say which key was probably meant.

// Keys people pass expecting an effect, with the reason they have none here.
const KNOWN_MISTAKES: Record<string, string> = {
  mtu: 'ipvlan links take the MTU of their parent: set the MTU on the parent (e.g. the VLAN sub-interface) instead.',
  'com.docker.network.driver.mtu':
    'ipvlan links take the MTU of their parent: set the MTU on the parent instead.',
  macvlan_mode:
    'macvlan_mode belongs to the macvlan driver; ipvlan uses ipvlan_mode (l2, l3, l3s) and ipvlan_flag.',
};

/** Checks the driver name: underlay only drives ipvlan. */
export function driverIssues(driver: string): Issue[] {
  if (driver === 'ipvlan') return [];
  return [
    issue(
      'INVALID_DRIVER',
      ['driver'],
      `driver "${driver}" is not supported.`,
      'underlay manages ipvlan networks only: use driver "ipvlan" (-d ipvlan), or leave it out.',
    ),
  ];
}

/** Refuses `-o` keys the driver does not know, naming the known ones. */
export function unknownOptionIssues(options: Record<string, string>): Issue[] {
  const known = KNOWN_OPTIONS.join(', ');
  return Object.keys(options)
    .filter((key) => !(KNOWN_OPTIONS as readonly string[]).includes(key))
    .map((key) => {
      const guess = closest(key, KNOWN_OPTIONS);
      const reason = KNOWN_MISTAKES[key];
      const hint = guess
        ? `Did you mean "${guess}"? The known options are ${known}.`
        : `${reason ? `${reason} ` : ''}The known options are ${known}.`;
      return issue(
        'UNKNOWN_OPTION',
        ['options', key],
        `option "${key}" is not an ipvlan option.`,
        hint,
      );
    });
}

// `-o parent=$NIC` with an empty $NIC would otherwise mean "no parent": an
// isolated network on a dummy, made without a word. No option has a meaning
// for the empty value, so every empty one is refused, naming its key.
/** Refuses `-o key=` with an empty (or blank) value. */
export function emptyOptionIssues(options: Record<string, string>): Issue[] {
  return Object.entries(options)
    .filter(([, value]) => value.trim() === '')
    .map(([key]) =>
      issue(
        'EMPTY_OPTION',
        ['options', key],
        `option "${key}" has an empty value (-o ${key}=).`,
        key === 'parent'
          ? 'Give the parent interface (e.g. -o parent=eth0.10), or leave -o parent out for an isolated network on a dummy parent.'
          : `Give a value (-o ${key}=VALUE), or leave the option out for its default.`,
      ),
    );
}

/** The effective mode and flag, or the issues that refuse them. Case matters, as in Docker and the kernel's ip(8). */
export function modeAndFlag(options: Record<string, string>): {
  mode: IpvlanMode;
  flag: IpvlanFlag;
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const modeText = options.ipvlan_mode || 'l2'; // empty: refused by emptyOptionIssues
  const flagText = options.ipvlan_flag || 'bridge';
  const mode = IPVLAN_MODES.find((m) => m === modeText);
  const flag = IPVLAN_FLAGS.find((f) => f === flagText);
  if (!mode) {
    const lower = IPVLAN_MODES.find((m) => m === modeText.toLowerCase());
    issues.push(
      issue(
        'INVALID_MODE',
        ['options', 'ipvlan_mode'],
        `ipvlan_mode "${modeText}" is not valid: use one of ${IPVLAN_MODES.join(', ')} (lower case).`,
        `${lower ? `Write ipvlan_mode=${lower}. ` : ''}The default is l2.`,
      ),
    );
  }
  if (!flag) {
    const lower = IPVLAN_FLAGS.find((f) => f === flagText.toLowerCase());
    issues.push(
      issue(
        'INVALID_FLAG',
        ['options', 'ipvlan_flag'],
        `ipvlan_flag "${flagText}" is not valid: use one of ${IPVLAN_FLAGS.join(', ')} (lower case).`,
        `${lower ? `Write ipvlan_flag=${lower}. ` : ''}The default is bridge.`,
      ),
    );
  }
  return { mode: mode ?? 'l2', flag: flag ?? 'bridge', issues };
}
