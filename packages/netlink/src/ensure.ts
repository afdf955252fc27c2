import { NetlinkError, isExists } from './errors.js';
import { linkAdd, linkDel, linkGet } from './links.js';
import type { Link } from './parse-link.js';
import type { InNetns, LinkSpec } from './specs.js';

// Idempotent helpers, layered on the loud verbs (STYLE habit 7): the verbs
// fail on EEXIST/ENODEV, these decide that "already so" is success.

/** Deletes the link if present. */
export const ensureLinkAbsent = (spec: { name: string } & InNetns) =>
  linkDel({ ...spec, missingOk: true });

/** What differs between a spec and the link the kernel has ('' when it matches). */
export function linkMismatch(spec: LinkSpec, link: Link): string {
  if (link.kind !== spec.kind) return `is a ${link.kind} link, not ${spec.kind}`;
  if (spec.kind !== 'dummy' && link.parent !== spec.link)
    return `hangs off ${link.parent ?? 'another namespace'}, not ${spec.link}`;
  if (spec.kind === 'vlan' && link.vlanId !== spec.id)
    return `has VLAN id ${link.vlanId}, not ${spec.id}`;
  if (spec.kind === 'ipvlan' && (link.ipvlanMode !== spec.mode || link.ipvlanFlag !== spec.flag))
    return `is ipvlan ${link.ipvlanMode} ${link.ipvlanFlag}, not ${spec.mode} ${spec.flag}`;
  return '';
}

/**
 * Creates the link unless one with that name exists and matches the spec
 * (kind, parent, VLAN id, ipvlan mode and flag); a different link of that name
 * is an EEXIST error saying what differs.
 */
export async function ensureLink(
  spec: LinkSpec & InNetns,
): Promise<{ created: boolean; link: Link }> {
  try {
    await linkAdd(spec);
    return { created: true, link: await linkGet(spec) };
  } catch (e) {
    if (!isExists(e)) throw e;
    const link = await linkGet(spec);
    const mismatch = linkMismatch(spec, link);
    if (!mismatch) return { created: false, link };
    throw new NetlinkError({
      op: 'ensureLink',
      argv: (e as NetlinkError).argv,
      netns: spec.netns,
      errno: 'EEXIST',
      stderr: (e as NetlinkError).stderr,
      message: `ensureLink failed: link "${spec.name}" exists but ${mismatch} [EEXIST]: delete it or pick another name`,
    });
  }
}
