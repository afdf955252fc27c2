import {
  CNI_INLINE_KEYS,
  findNetwork,
  parseAddress,
  parseCidr,
  type CniNetConf,
  type HostSnapshot,
  type Network,
  type NetworkCreateInput,
} from '@underlay/core';
import { listNetworks } from '../store';
import type { ServiceDeps } from '../service/deps';
import { createNetworkNow } from '../service/network-create';
import { CNI_NETWORK_MISMATCH, CniError } from './errors';

// The underlay network of a CNI config: named (`network`, else the CNI
// network's `name`), or described inline and made on the first ADD when
// missing. An inline description must then agree with the network that
// exists, key by key; the first that differs is named in the error.

/** The underlay network name a config refers to. */
export const networkNameOf = (conf: CniNetConf): string => conf.network ?? conf.name;

/** True when the config describes the network inline. */
export const isInline = (conf: CniNetConf): boolean =>
  CNI_INLINE_KEYS.some((key) => conf[key] !== undefined);

/** The `network create` request an inline config stands for. */
export function createRequestOf(conf: CniNetConf): NetworkCreateInput {
  const options: Record<string, string> = {};
  if (conf.parent !== undefined) options.parent = conf.parent;
  if (conf.ipvlan_mode !== undefined) options.ipvlan_mode = conf.ipvlan_mode;
  if (conf.ipvlan_flag !== undefined) options.ipvlan_flag = conf.ipvlan_flag;
  const ipam = conf.subnets ?? [];
  return {
    name: networkNameOf(conf),
    driver: 'ipvlan',
    options,
    internal: conf.internal ?? false,
    ipv6: ipam.some((s) => s.subnet.includes(':')),
    ipam,
  };
}

const sameCidr = (a: string, b: string) => {
  const [x, y] = [parseCidr(a), parseCidr(b)];
  if (!x || !y) return a === b;
  return x.family === y.family && x.written === y.written && x.prefix === y.prefix;
};

const sameAddress = (a: string | undefined, b: string | undefined) => {
  const [x, y] = [a && parseAddress(a), b && parseAddress(b)];
  return x && y ? x.family === y.family && x.value === y.value : a === b;
};

/** The first inline key that disagrees with `network`, as [key, has, says], or null. */
export function firstMismatch(conf: CniNetConf, network: Network): [string, string, string] | null {
  const scalar: [string, unknown, unknown][] = [
    ['parent', conf.parent, network.options.parent ?? '(none)'],
    ['ipvlan_mode', conf.ipvlan_mode, network.mode],
    ['ipvlan_flag', conf.ipvlan_flag, network.flag],
    ['internal', conf.internal, network.internal],
  ];
  for (const [key, says, has] of scalar)
    if (says !== undefined && says !== has) return [key, String(has), String(says)];
  if (!conf.subnets) return null;
  const given = network.subnets.filter((s) => !s.fromDefaultPool);
  if (given.length !== conf.subnets.length)
    return [
      'subnets',
      given.map((s) => s.subnet).join(', '),
      conf.subnets.map((s) => s.subnet).join(', '),
    ];
  for (const [i, want] of conf.subnets.entries()) {
    const has = given.find((s) => sameCidr(s.subnet, want.subnet));
    if (!has) return [`subnets[${i}].subnet`, given.map((s) => s.subnet).join(', '), want.subnet];
    if (want.gateway !== undefined && !sameAddress(has.gateway, want.gateway))
      return [`subnets[${i}].gateway`, has.gateway ?? '(none)', want.gateway];
    if (want.ipRange !== undefined && (!has.ipRange || !sameCidr(has.ipRange, want.ipRange)))
      return [`subnets[${i}].ipRange`, has.ipRange ?? '(none)', want.ipRange];
  }
  return null;
}

/** The network a call refers to, or a NOT_FOUND-like CNI error (DEL, CHECK, GC, STATUS make nothing). */
export function existingNetwork(deps: ServiceDeps, conf: CniNetConf): Network | undefined {
  return findNetwork({ networks: listNetworks(deps.db) } as HostSnapshot, networkNameOf(conf));
}

/** Refuses an inline config that disagrees with `network`. */
export function assertAgrees(conf: CniNetConf, network: Network): void {
  const mismatch = isInline(conf) ? firstMismatch(conf, network) : null;
  if (!mismatch) return;
  const [key, has, says] = mismatch;
  throw new CniError(
    CNI_NETWORK_MISMATCH,
    `${key}: network ${network.name} exists with ${key} ${has}, the config says ${says}`,
    `Make the config agree with the network (underlay network inspect ${network.name}), or name another network.`,
  );
}

/** For ADD: the network, made from the inline options when missing; `created` says whether this call made it. */
export async function ensureNetwork(
  deps: ServiceDeps,
  conf: CniNetConf,
): Promise<{ network: Network; created: boolean }> {
  const found = existingNetwork(deps, conf);
  if (found) {
    assertAgrees(conf, found);
    return { network: found, created: false };
  }
  if (!isInline(conf))
    throw new CniError(
      101,
      `network: underlay network "${networkNameOf(conf)}" does not exist on this host`,
      'Create it (underlay network create …), or give its options inline (parent, ipvlan_mode, subnets) so the first ADD makes it.',
    );
  const { network } = await createNetworkNow(deps, createRequestOf(conf));
  return { network, created: true };
}
