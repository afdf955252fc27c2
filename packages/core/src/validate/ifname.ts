import { type Issue, issue } from '../errors';

// Linux interface names (net/core/dev.c dev_valid_name): at most IFNAMSIZ-1 = 15
// bytes, no '/', ':' or whitespace, and not "." or "..". Docker does not check
// them, so a long parent fails deep in netlink with "numerical result out of
// range"; we refuse it up front with the rule spelled out.

/** Longest interface name the kernel accepts, in bytes. */
export const IFNAME_MAX_BYTES = 15;

/** Lowest and highest usable 802.1Q VLAN id (0 and 4095 are reserved). */
export const VLAN_ID_MIN = 1;
export const VLAN_ID_MAX = 4094;

/** UTF-8 length of a string: the kernel counts bytes, not characters. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Checks one interface name against the kernel's rules; `what` names it in the message ("parent"). */
export function validateIfname(
  name: string,
  path: Issue['path'],
  what = 'interface name',
): Issue[] {
  const hint = `Linux interface names are 1–${IFNAME_MAX_BYTES} bytes, without "/", ":" or spaces (e.g. eth0, eth0.10, bond0).`;
  if (name.length === 0) return [issue('INVALID_IFNAME', path, `${what} is empty.`, hint)];
  if (name === '.' || name === '..')
    return [issue('INVALID_IFNAME', path, `${what} "${name}" is not allowed by Linux.`, hint)];
  const bad = [...name].find(
    (char) => char === '/' || char === ':' || /\s/u.test(char) || char === '\0',
  );
  if (bad !== undefined) {
    const shown = /\s/u.test(bad) ? 'whitespace' : `"${bad}"`;
    return [
      issue(
        'INVALID_IFNAME',
        path,
        `${what} "${name}" contains ${shown}, which Linux does not allow in interface names.`,
        hint,
      ),
    ];
  }
  const bytes = utf8Length(name);
  if (bytes > IFNAME_MAX_BYTES) {
    return [
      issue(
        'INVALID_IFNAME',
        path,
        `${what} "${name}" is ${bytes} bytes long; Linux allows at most ${IFNAME_MAX_BYTES}.`,
        hint,
      ),
    ];
  }
  return [];
}

/** A parent written NAME.VID: the 802.1Q sub-interface underlay makes when it is missing. */
export interface VlanParent {
  base: string;
  vid: number;
  /** The VID as written ("010" for eth0.010), kept to explain refusals. */
  vidText: string;
}

// Decisions on Docker's quirks (its createVlanLink splits on "." and Atoi's the rest):
// - more than one dot ("eth0.10.20"): not the NAME.VID form, as in Docker; such a
//   link must already exist (made by hand), it is then used like any other link;
// - a suffix that is not an integer ("br.lan"): not the NAME.VID form either, so a
//   missing one is reported as a missing parent, not as a bad VLAN id;
// - a signed or out-of-range integer: the NAME.VID form, refused by vlanParentIssues;
// - leading zeros ("eth0.010"): the NAME.VID form with VID 10, but refused by
//   vlanParentIssues: Docker would create a link literally named eth0.010 carrying
//   VID 10, which then clashes with eth0.10 (one VID per base) under another name.
/** Splits `eth0.10` into base and VID; null when the name is not of the NAME.VID form. */
export function parseVlanParent(name: string): VlanParent | null {
  const match = /^([^.]+)\.([+-]?\d+)$/.exec(name);
  if (!match?.[1] || !match[2]) return null;
  return { base: match[1], vid: Number(match[2]), vidText: match[2] };
}

/** Refusals for a NAME.VID parent that underlay would have to create. */
export function vlanParentIssues(vlan: VlanParent, path: Issue['path']): Issue[] {
  const name = `${vlan.base}.${vlan.vidText}`;
  if (
    !Number.isSafeInteger(vlan.vid) ||
    vlan.vid < VLAN_ID_MIN ||
    vlan.vid > VLAN_ID_MAX ||
    /^[+-]/.test(vlan.vidText)
  ) {
    return [
      issue(
        'INVALID_VLAN_ID',
        path,
        `VLAN id ${vlan.vidText} in parent "${name}" is outside ${VLAN_ID_MIN}–${VLAN_ID_MAX}.`,
        `Use a VLAN id from ${VLAN_ID_MIN} to ${VLAN_ID_MAX}, e.g. ${vlan.base}.10.`,
      ),
    ];
  }
  if (/^0\d/.test(vlan.vidText)) {
    return [
      issue(
        'INVALID_VLAN_ID',
        path,
        `VLAN id "${vlan.vidText}" in parent "${name}" has leading zeros.`,
        `Write it without them: ${vlan.base}.${vlan.vid}. (Create a link with another naming scheme by hand if you need one.)`,
      ),
    ];
  }
  return [];
}

/** The loopback device can't be an ipvlan master; only the exact name "lo" is refused, as Docker does (lo.10 is a VLAN name). */
export function loopbackIssues(name: string, path: Issue['path']): Issue[] {
  if (name !== 'lo') return [];
  return [
    issue(
      'PARENT_LOOPBACK',
      path,
      'parent "lo" is the loopback device, which cannot carry ipvlan links.',
      'Use a NIC (eth0), a VLAN sub-interface (eth0.10), or leave parent out for an isolated network.',
    ),
  ];
}
