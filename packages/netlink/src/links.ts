import * as argv from './argv.js';
import { NetlinkError, isNotFound } from './errors.js';
import { runIp, runIpParsed } from './exec.js';
import { parseLinks, type Link } from './parse-link.js';
import {
  LinkRef,
  LinkRenameSpec,
  LinkSetMtuSpec,
  LinkSetNetnsSpec,
  LinkSpec,
  parseNetns,
  parseSpec,
  type InNetns,
} from './specs.js';

export type { Link, LinkKind } from './parse-link.js';
export { LinkSpec } from './specs.js';

/** Every link in the namespace. Equivalent to: ip [-n NS] -d -json link show */
export async function linkList(spec: InNetns = {}): Promise<Link[]> {
  const netns = parseNetns('linkList', spec.netns);
  return runIpParsed({ op: 'linkList', netns, args: argv.linkListArgs() }, parseLinks);
}

/**
 * One link by name; ENODEV when missing. Lists the namespace (one process,
 * same as `show dev`) so that the parent's index can be resolved too.
 * Equivalent to: ip [-n NS] -d -json link show dev NAME
 */
export async function linkGet(spec: { name: string } & InNetns): Promise<Link> {
  const { name } = parseSpec('linkGet', LinkRef, { name: spec.name });
  const links = await linkList({ netns: spec.netns });
  const link = links.find((l) => l.name === name);
  if (link) return link;
  throw new NetlinkError({
    op: 'linkGet',
    argv: ['ip', ...argv.netnsArgs(spec.netns), ...argv.linkListArgs()],
    netns: spec.netns,
    errno: 'ENODEV',
    stderr: '',
    message: `linkGet failed${spec.netns ? ` in netns ${spec.netns}` : ''}: no link named "${name}" [ENODEV]`,
  });
}

/** Creates a dummy, vlan or ipvlan link (fails with EEXIST if the name is taken). Equivalent to: ip [-n NS] link add … type KIND … */
export async function linkAdd(spec: LinkSpec & InNetns): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('linkAdd', LinkSpec, rest);
  await runIp({ op: 'linkAdd', netns: parseNetns('linkAdd', netns), args: argv.linkAddArgs(s) });
}

/**
 * Deletes a link. Loud by default (ENODEV); with missingOk a missing link is
 * success and the result says whether anything was deleted.
 * Equivalent to: ip [-n NS] link del dev NAME
 */
export async function linkDel(
  spec: { name: string; missingOk?: boolean } & InNetns,
): Promise<{ deleted: boolean }> {
  const s = parseSpec('linkDel', LinkRef, { name: spec.name });
  try {
    await runIp({
      op: 'linkDel',
      netns: parseNetns('linkDel', spec.netns),
      args: argv.linkDelArgs(s),
    });
    return { deleted: true };
  } catch (e) {
    if (spec.missingOk && isNotFound(e)) return { deleted: false };
    throw e;
  }
}

/** Sets the admin UP flag. Equivalent to: ip [-n NS] link set dev NAME up */
export async function linkSetUp(spec: { name: string } & InNetns): Promise<void> {
  const s = parseSpec('linkSetUp', LinkRef, { name: spec.name });
  await runIp({
    op: 'linkSetUp',
    netns: parseNetns('linkSetUp', spec.netns),
    args: argv.linkSetUpArgs(s),
  });
}

/** Clears the admin UP flag. Equivalent to: ip [-n NS] link set dev NAME down */
export async function linkSetDown(spec: { name: string } & InNetns): Promise<void> {
  const s = parseSpec('linkSetDown', LinkRef, { name: spec.name });
  await runIp({
    op: 'linkSetDown',
    netns: parseNetns('linkSetDown', spec.netns),
    args: argv.linkSetDownArgs(s),
  });
}

/** Equivalent to: ip [-n NS] link set dev NAME mtu MTU */
export async function linkSetMtu(spec: { name: string; mtu: number } & InNetns): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('linkSetMtu', LinkSetMtuSpec, rest);
  await runIp({
    op: 'linkSetMtu',
    netns: parseNetns('linkSetMtu', netns),
    args: argv.linkSetMtuArgs(s),
  });
}

/** Renames a link (the kernel wants it down: EBUSY otherwise). Equivalent to: ip [-n NS] link set dev NAME name NEW */
export async function linkRename(spec: { name: string; newName: string } & InNetns): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('linkRename', LinkRenameSpec, rest);
  await runIp({
    op: 'linkRename',
    netns: parseNetns('linkRename', netns),
    args: argv.linkRenameArgs(s),
  });
}

/**
 * Moves a link from `netns` (or the caller's namespace) into `target`: a
 * named namespace or a pid. Uses IFLA_NET_NS_FD/PID, never target-nsid.
 * Equivalent to: ip [-n NS] link set dev NAME netns TARGET
 */
export async function linkSetNetns(
  spec: { name: string; target: string | number } & InNetns,
): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('linkSetNetns', LinkSetNetnsSpec, rest);
  await runIp({
    op: 'linkSetNetns',
    netns: parseNetns('linkSetNetns', netns),
    args: argv.linkSetNetnsArgs(s),
  });
}
