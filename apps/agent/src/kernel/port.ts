import type { HostRoute, SnapshotLink } from '@underlay/core';
import type { OpExecutor } from '../exec/executor';

// Everything the agent asks of the kernel, in one interface: the service and
// reconcile code depend on this, and the real implementation is netlink. Tests
// that must not touch a kernel (auth, events) pass a stand-in.

/** A link change seen on the host. */
export interface KernelLinkEvent {
  type: 'added' | 'removed' | 'up' | 'down';
  link: string;
}

/** Output of a command run in a namespace. */
export interface KernelExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The host kernel as the agent uses it. */
export interface Kernel extends OpExecutor {
  /** Host links, one `ip -d -json link`. */
  hostLinks(): Promise<SnapshotLink[]>;
  /** Host addresses as `{dev, address: addr/prefix}`, one `ip -json addr`. */
  hostAddresses(): Promise<{ dev: string; address: string }[]>;
  /** Host links and addresses from one read (one `ip -d -json addr`); stand-ins may leave it out (two reads then). */
  hostState?(): Promise<{ links: SnapshotLink[]; addresses: { dev: string; address: string }[] }>;
  /** The host's main routing table, both families (two `ip -json route` runs); stand-ins without routes may leave it out. */
  hostRoutes?(): Promise<HostRoute[]>;
  /** The main table of a named namespace, both families (for CNI CHECK); stand-ins without routes may leave it out. */
  containerRoutes?(netns: string): Promise<HostRoute[]>;
  /** Link names inside a named namespace (listed by a small fork, not a node spawn). */
  containerLinks(netns: string): Promise<string[]>;
  /**
   * Links and addresses inside a named namespace (for drift checks; one small fork, no node spawn). Aborting `signal`
   * stops the read at once (a listing running is ended, one waiting never runs) and it rejects: a background check
   * uses this to get out of an operation's way.
   */
  namespaceState(
    netns: string,
    signal?: AbortSignal,
  ): Promise<{ links: SnapshotLink[]; addresses: { dev: string; address: string }[] }>;
  /** Named namespaces under /run/netns. */
  netnsList(): Promise<string[]>;
  netnsAdd(name: string): Promise<void>;
  netnsDel(name: string): Promise<void>;
  /** Device and inode of a network namespace file (`/proc/PID/ns/net`, a bind-mounted file), or null when the path is not one. */
  netnsFileId(path: string): Promise<{ dev: number; ino: number } | null>;
  /** Gives the namespace of process `pid` the name `name`. */
  netnsAttachPid(name: string, pid: number): Promise<void>;
  /** Gives the namespace file at `path` the name `name`. */
  netnsAttachPath(name: string, path: string): Promise<void>;
  /** Removes a name given by attach (the namespace itself lives on with its owner). */
  netnsDetach(name: string): Promise<void>;
  /** Runs argv (never a shell) inside a namespace. */
  execIn(netns: string, argv: string[], timeoutMs: number): Promise<KernelExecResult>;
  /** Kernel features (ipvlan, 8021q, l3s…), probed once. */
  capabilities(): Promise<Record<string, unknown>>;
  /** Link changes until `signal` aborts; `onAddress` (when the kernel follows them, see addressEvents) on any address change. */
  linkEvents(signal: AbortSignal, onAddress?: () => void): AsyncIterable<KernelLinkEvent>;
  /** True when linkEvents calls onAddress for every host address change (the address cache may then be trusted). */
  readonly addressEvents?: boolean;
  /**
   * The caller follows linkEvents (`on`, once its monitor has had time to subscribe) or stopped: while on, the kernel
   * may serve host reads from a long-lived process, which those events keep true (renames); optional.
   */
  readsFollowEvents?(on: boolean): void;
  /** Who the host is when it is not this machine (a replay kernel's recorded host); absent: node:os. */
  identity?(): { hostname: string; release: string };
  /** Ends what the kernel keeps running (ip sessions); stand-ins need none. */
  close?(): Promise<void>;
}
