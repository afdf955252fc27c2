import { z } from 'zod';
import * as argv from './argv.js';
import { isNotFound } from './errors.js';
import { runIp, runIpParsed } from './exec.js';
import { AddrDelSpec, AddrSpec, IfName, parseNetns, parseSpec, type InNetns } from './specs.js';

/** One address on one link. */
export interface Addr {
  dev: string;
  family: 4 | 6;
  /** The address without prefix (`local` in ip's output). */
  address: string;
  prefixLength: number;
  scope: string;
  /** Boolean flags ip prints: nodad, tentative, dadfailed, deprecated, dynamic, noprefixroute… */
  flags: string[];
}

const RawAddrLink = z.object({
  ifname: z.string(),
  addr_info: z
    .array(
      z.record(z.string(), z.unknown()).and(
        z.object({
          family: z.string(),
          local: z.string(),
          prefixlen: z.number(),
          scope: z.string().optional(),
        }),
      ),
    )
    .default([]),
});

/** Parses the stdout of `ip -json addr show` (one entry per link, addresses in addr_info). */
export function parseAddrs(stdout: string): Addr[] {
  const links = z.array(RawAddrLink).parse(JSON.parse(stdout.trim() || '[]'));
  return links.flatMap((l) =>
    l.addr_info
      .filter((a) => a.family === 'inet' || a.family === 'inet6')
      .map(
        (a) =>
          ({
            dev: l.ifname,
            family: a.family === 'inet' ? 4 : 6,
            address: a.local,
            prefixLength: a.prefixlen,
            scope: a.scope ?? 'global',
            flags: Object.entries(a)
              .filter(([, v]) => v === true)
              .map(([k]) => k),
          }) satisfies Addr,
      ),
  );
}

/** Addresses of every link, or of `dev`. Equivalent to: ip [-n NS] -json addr show [dev DEV] */
export async function addrList(spec: { dev?: string } & InNetns = {}): Promise<Addr[]> {
  const dev =
    spec.dev === undefined
      ? undefined
      : parseSpec('addrList', z.object({ dev: IfName }), { dev: spec.dev }).dev;
  return runIpParsed(
    { op: 'addrList', netns: parseNetns('addrList', spec.netns), args: argv.addrListArgs({ dev }) },
    parseAddrs,
  );
}

/**
 * Adds an address (CIDR). IPv6 gets `nodad` unless nodad:false: ipvlan
 * siblings share the parent's MAC, and DAD would only delay the address.
 * Equivalent to: ip [-n NS] addr add ADDRESS/LEN dev DEV [nodad]
 */
export async function addrAdd(
  spec: { dev: string; address: string; nodad?: boolean } & InNetns,
): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('addrAdd', AddrSpec, rest);
  await runIp({ op: 'addrAdd', netns: parseNetns('addrAdd', netns), args: argv.addrAddArgs(s) });
}

/** Removes an address; with missingOk an absent one is success. Equivalent to: ip [-n NS] addr del ADDRESS/LEN dev DEV */
export async function addrDel(
  spec: { dev: string; address: string; missingOk?: boolean } & InNetns,
): Promise<{ deleted: boolean }> {
  const s = parseSpec('addrDel', AddrDelSpec, { dev: spec.dev, address: spec.address });
  try {
    await runIp({
      op: 'addrDel',
      netns: parseNetns('addrDel', spec.netns),
      args: argv.addrDelArgs(s),
    });
    return { deleted: true };
  } catch (e) {
    if (spec.missingOk && isNotFound(e)) return { deleted: false };
    throw e;
  }
}
