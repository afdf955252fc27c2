import { randomBytes } from 'node:crypto';

// Identifiers as Docker makes them: 64 hex digits for networks and endpoints,
// and a short host-side temporary link name (11 bytes, like Docker's veths).

/** A new 64-hex-digit id. */
export const newId = (): string => randomBytes(32).toString('hex');

/** A temporary host-side name for a link about to be moved into a container. */
export const tempLinkName = (): string => `ulv${randomBytes(4).toString('hex').slice(0, 7)}`;

/** Now, as stored in records. */
export const nowIso = (): string => new Date().toISOString();
