// One key layout for every store (documented in the README):
//   /underlay/v1/segments/<segment>/meta                 segment record: subnet, block prefix, reservations
//   /underlay/v1/segments/<segment>/blocks/<block>       block record: holder host, attached to its lease
//   /underlay/v1/hosts/<host>                            the host's liveness record, attached to its lease
// `<block>` is the block's CIDR with "/" written "_" (10.1.0.16_28).

/** The root of every key underlay writes; the version lets a later layout live beside this one. */
export const KEY_ROOT = '/underlay/v1/';

/** Prefix of everything of one segment (list it to read the segment at one revision). */
export const segmentPrefix = (segment: string): string => `${KEY_ROOT}segments/${segment}/`;

/** The segment's record. */
export const metaKey = (segment: string): string => `${segmentPrefix(segment)}meta`;

/** Prefix of the segment's block records. */
export const blocksPrefix = (segment: string): string => `${segmentPrefix(segment)}blocks/`;

/** The record of one block, by its CIDR text. */
export const blockKey = (segment: string, cidr: string): string =>
  `${blocksPrefix(segment)}${cidr.replace('/', '_')}`;

/** The CIDR text of a block key, or null when the key is not a block key of the segment. */
export function blockOfKey(segment: string, key: string): string | null {
  const prefix = blocksPrefix(segment);
  return key.startsWith(prefix) ? key.slice(prefix.length).replace('_', '/') : null;
}

/** The host's liveness record. */
export const hostKey = (host: string): string => `${KEY_ROOT}hosts/${host}`;
