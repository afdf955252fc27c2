import type { BatchOp } from './batch-op.js';
import type {
  AddrDelSpec,
  AddrSpec,
  LinkRef,
  LinkRenameSpec,
  LinkSetMtuSpec,
  LinkSetNetnsSpec,
  LinkSpec,
  RouteDelSpec,
  RouteSpec,
} from './specs.js';
import { parseCidr } from './validate.js';

// Pure: the iproute2 arguments of every verb, after `ip [-n NS]`. The same
// arguments are a -batch line (joined by spaces), so a verb run alone and the
// same op in a batch cannot drift apart. Inputs are already validated.

const assertNever = (x: never): never => {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
};

/** Equivalent to: ip link add [link P] name N [mtu M] [up] type KIND … */
export function linkAddArgs(s: LinkSpec): string[] {
  const common = [
    'name',
    s.name,
    ...(s.mtu === undefined ? [] : ['mtu', String(s.mtu)]),
    ...(s.up ? ['up'] : []),
  ];
  switch (s.kind) {
    case 'dummy':
      return ['link', 'add', ...common, 'type', 'dummy'];
    case 'vlan':
      return ['link', 'add', 'link', s.link, ...common, 'type', 'vlan', 'id', String(s.id)];
    case 'ipvlan':
      return ['link', 'add', 'link', s.link, ...common, 'type', 'ipvlan', 'mode', s.mode, s.flag];
    default:
      return assertNever(s);
  }
}

export const linkDelArgs = (s: LinkRef): string[] => ['link', 'del', 'dev', s.name];
export const linkSetUpArgs = (s: LinkRef): string[] => ['link', 'set', 'dev', s.name, 'up'];
export const linkSetDownArgs = (s: LinkRef): string[] => ['link', 'set', 'dev', s.name, 'down'];
export const linkSetMtuArgs = (s: LinkSetMtuSpec): string[] => [
  'link',
  'set',
  'dev',
  s.name,
  'mtu',
  String(s.mtu),
];
export const linkRenameArgs = (s: LinkRenameSpec): string[] => [
  'link',
  'set',
  'dev',
  s.name,
  'name',
  s.newName,
];
// iproute2 reads a number here as a pid only when no /run/netns entry has that name.
export const linkSetNetnsArgs = (s: LinkSetNetnsSpec): string[] => [
  'link',
  'set',
  'dev',
  s.name,
  'netns',
  String(s.target),
];
export const linkListArgs = (): string[] => ['-d', '-json', 'link', 'show'];

// IPv6 has no duplicate address detection worth waiting for on ipvlan links
// (siblings share the MAC), so nodad is the default there; IPv4 has no DAD.
export function addrAddArgs(s: AddrSpec): string[] {
  const v6 = parseCidr(s.address)?.family === 6;
  return ['addr', 'add', s.address, 'dev', s.dev, ...(v6 && s.nodad !== false ? ['nodad'] : [])];
}
export const addrDelArgs = (s: AddrDelSpec): string[] => ['addr', 'del', s.address, 'dev', s.dev];
export const addrListArgs = (s: { dev?: string | undefined }): string[] => [
  '-json',
  'addr',
  'show',
  ...(s.dev ? ['dev', s.dev] : []),
];

// A -batch line cannot carry `ip -6`, and `default` alone means IPv4 to
// iproute2, so an IPv6 default route is written as ::/0.
const dstToken = (family: 4 | 6, dst: string): string =>
  dst === 'default' && family === 6 ? '::/0' : dst;

function routeArgs(
  verb: 'add' | 'replace' | 'del',
  s: RouteDelSpec & { onlink?: boolean | undefined },
): string[] {
  return [
    'route',
    verb,
    dstToken(s.family, s.dst),
    ...(s.via === undefined ? [] : ['via', s.via]),
    ...(s.dev === undefined ? [] : ['dev', s.dev]),
    ...(s.onlink ? ['onlink'] : []),
  ];
}
export const routeReplaceArgs = (s: RouteSpec): string[] => routeArgs('replace', s);
export const routeAddArgs = (s: RouteSpec): string[] => routeArgs('add', s);
export const routeDelArgs = (s: RouteDelSpec): string[] => routeArgs('del', s);
export const routeListArgs = (family: 4 | 6): string[] => ['-json', `-${family}`, 'route', 'show'];

export const netnsAddArgs = (name: string): string[] => ['netns', 'add', name];
export const netnsDelArgs = (name: string): string[] => ['netns', 'del', name];
export const netnsAttachArgs = (name: string, pid: number): string[] => [
  'netns',
  'attach',
  name,
  String(pid),
];
export const netnsListArgs = (): string[] => ['-json', 'netns', 'list'];

/** The arguments of one batch op: exactly the verb's arguments. */
export function opArgs(o: BatchOp): string[] {
  switch (o.op) {
    case 'linkAdd':
      return linkAddArgs(o.spec);
    case 'linkDel':
      return linkDelArgs(o);
    case 'linkSetUp':
      return linkSetUpArgs(o);
    case 'linkSetDown':
      return linkSetDownArgs(o);
    case 'linkSetMtu':
      return linkSetMtuArgs(o);
    case 'linkRename':
      return linkRenameArgs(o);
    case 'linkSetNetns':
      return linkSetNetnsArgs(o);
    case 'addrAdd':
      return addrAddArgs(o);
    case 'addrDel':
      return addrDelArgs(o);
    case 'routeReplace':
      return routeReplaceArgs(o);
    case 'routeDel':
      return routeDelArgs(o);
    default:
      return assertNever(o);
  }
}

/** One -batch line; refuses any token the batch reader would split, quote, join or cut. */
export function batchLine(args: readonly string[]): string {
  for (const token of args)
    if (token === '' || /[\s#"'\\]/.test(token))
      throw new Error(`token ${JSON.stringify(token)} cannot be carried by ip -batch`);
  return args.join(' ');
}

/** The global options that put a command in a namespace. */
export const netnsArgs = (netns: string | undefined): string[] =>
  netns === undefined ? [] : ['-n', netns];
