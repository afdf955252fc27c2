import type { ContainerAttach } from '@underlay/core';
import { usageError } from './cli-error';

// `container attach` and `ping` flags → request objects for the agent.

/** The flags of `container attach`: exactly one way to find the namespace. */
export interface AttachFlags {
  pid?: number;
  netns?: string;
  netnsName?: string;
}

/** Builds the attach request; exactly one of --pid, --netns, --netns-name must be given. */
export function attachRequest(name: string, flags: AttachFlags): ContainerAttach {
  const given = [
    flags.pid !== undefined,
    flags.netns !== undefined,
    flags.netnsName !== undefined,
  ].filter(Boolean).length;
  if (given !== 1) {
    throw usageError(
      '--pid|--netns|--netns-name',
      `give exactly one way to find the namespace (${given} given):`,
      'for example --pid 4242, --netns /proc/4242/ns/net or --netns-name blue.',
    );
  }
  if (flags.pid !== undefined) return { name, pid: flags.pid };
  if (flags.netns !== undefined) return { name, netnsPath: flags.netns };
  return { name, netnsName: flags.netnsName as string };
}

/** What `diag.ping` takes. */
export interface PingRequest {
  container: string;
  target: string;
  count?: number;
  timeoutMs?: number;
}

/** `ping [-c COUNT] [-W SECONDS] CONTAINER TARGET`; TARGET is an address or another container's name. */
export function pingRequest(
  container: string,
  target: string,
  flags: { count?: number; timeout?: number },
): PingRequest {
  return {
    container,
    target,
    ...(flags.count !== undefined ? { count: flags.count } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  };
}
