import { type Command, Option } from 'commander';
import { collect } from '../parse-flags';

// `network create` and `network plan` take the same flags, so they are
// declared once. Booleans also accept `--ipv4=false` / `--ipv4 false`
// (rewritten by normaliseBooleanFlags before commander sees them).

/** Adds Docker's `network create` flags to a command. */
export function addNetworkCreateFlags(command: Command): Command {
  return command
    .argument('<name>', 'network name')
    .option('-d, --driver <driver>', 'driver to manage the network (only ipvlan)', 'ipvlan')
    .option('--subnet <cidr>', 'subnet in CIDR format, IPv4 or IPv6 (repeatable)', collect)
    .option(
      '--gateway <ip>',
      'gateway of the subnet that contains it (repeatable; default: its first usable address in L2)',
      collect,
    )
    .option(
      '--ip-range <cidr>',
      'allocate container addresses from this sub-range of the subnet that contains it (repeatable)',
      collect,
    )
    .option('--aux-address <name=ip>', 'address the IPAM must not hand out (repeatable)', collect)
    .option(
      '-o, --opt <key=value>',
      'driver option: parent=IFACE (NAME.VID makes an 802.1Q link), ipvlan_mode=l2|l3|l3s, ipvlan_flag=bridge|private|vepa (repeatable)',
      collect,
    )
    .option(
      '--internal',
      'restrict external access: no default route (a dummy parent when no parent is given)',
    )
    .addOption(new Option('--no-internal').hideHelp())
    .option('--ipv6', 'enable IPv6 (with --subnet for IPv6)')
    .addOption(new Option('--no-ipv6').hideHelp())
    .option('--ipv4', 'enable IPv4 (the default; --ipv4=false for an IPv6-only network)')
    .option('--no-ipv4', 'disable IPv4 (same as --ipv4=false)')
    .option('--label <key=value>', 'metadata on the network (repeatable)', collect);
}

/** The boolean flags that accept an explicit true/false value. */
export const BOOLEAN_FLAGS = ['ipv4', 'ipv6', 'internal'] as const;
