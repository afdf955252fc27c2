import { z } from 'zod';
import * as argv from './argv.js';
import { isNotFound } from './errors.js';
import { runIp, runIpParsed } from './exec.js';
import { RouteDelSpec, RouteSpec, parseNetns, parseSpec, type InNetns } from './specs.js';

/** One route of the main table. */
export interface Route {
  family: 4 | 6;
  /** 'default' or a CIDR (host routes get their /32 or /128 back). */
  dst: string;
  via?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  flags: string[];
}

const RawRoute = z.object({
  dst: z.string(),
  gateway: z.string().optional(),
  dev: z.string().optional(),
  protocol: z.string().optional(),
  scope: z.string().optional(),
  prefsrc: z.string().optional(),
  metric: z.number().optional(),
  flags: z.array(z.string()).default([]),
});

/** Parses the stdout of `ip -json -4|-6 route show`. */
export function parseRoutes(stdout: string, family: 4 | 6): Route[] {
  return z
    .array(RawRoute)
    .parse(JSON.parse(stdout.trim() || '[]'))
    .map((r) => ({
      family,
      // ip prints a host route without its prefix length; give it back so it compares with what was added.
      dst:
        r.dst === 'default' || r.dst.includes('/') ? r.dst : `${r.dst}/${family === 4 ? 32 : 128}`,
      ...(r.gateway === undefined ? {} : { via: r.gateway }),
      ...(r.dev === undefined ? {} : { dev: r.dev }),
      ...(r.protocol === undefined ? {} : { protocol: r.protocol }),
      ...(r.scope === undefined ? {} : { scope: r.scope }),
      ...(r.prefsrc === undefined ? {} : { prefsrc: r.prefsrc }),
      ...(r.metric === undefined ? {} : { metric: r.metric }),
      flags: r.flags,
    }));
}

/** Routes of the main table, one family or both (two processes). Equivalent to: ip [-n NS] -json -4|-6 route show */
export async function routeList(spec: { family?: 4 | 6 } & InNetns = {}): Promise<Route[]> {
  const netns = parseNetns('routeList', spec.netns);
  const families: Array<4 | 6> = spec.family === undefined ? [4, 6] : [spec.family];
  const lists = await Promise.all(
    families.map((f) =>
      runIpParsed({ op: 'routeList', netns, args: argv.routeListArgs(f) }, (out) =>
        parseRoutes(out, f),
      ),
    ),
  );
  return lists.flat();
}

type RouteInput = {
  family: 4 | 6;
  dst: string;
  via?: string;
  dev?: string;
  onlink?: boolean;
} & InNetns;

/** Adds or replaces a route (idempotent by nature). Equivalent to: ip [-n NS] route replace DST [via GW] [dev DEV] [onlink] */
export async function routeReplace(spec: RouteInput): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('routeReplace', RouteSpec, rest);
  await runIp({
    op: 'routeReplace',
    netns: parseNetns('routeReplace', netns),
    args: argv.routeReplaceArgs(s),
  });
}

/** Adds a route; EEXIST when one with that destination exists. Equivalent to: ip [-n NS] route add DST [via GW] [dev DEV] [onlink] */
export async function routeAdd(spec: RouteInput): Promise<void> {
  const { netns, ...rest } = spec;
  const s = parseSpec('routeAdd', RouteSpec, rest);
  await runIp({ op: 'routeAdd', netns: parseNetns('routeAdd', netns), args: argv.routeAddArgs(s) });
}

/** Deletes a route; with missingOk an absent one is success. Equivalent to: ip [-n NS] route del DST [via GW] [dev DEV] */
export async function routeDel(
  spec: Omit<RouteInput, 'onlink'> & { missingOk?: boolean },
): Promise<{ deleted: boolean }> {
  const { netns, missingOk, ...rest } = spec;
  const s = parseSpec('routeDel', RouteDelSpec, rest);
  try {
    await runIp({
      op: 'routeDel',
      netns: parseNetns('routeDel', netns),
      args: argv.routeDelArgs(s),
    });
    return { deleted: true };
  } catch (e) {
    if (missingOk && isNotFound(e)) return { deleted: false };
    throw e;
  }
}
