import { dockerOk, type LabHost as Guest } from '@underlay/lab';

// What the Docker lab tests read in a guest, independently of the agent:
// docker inspect for a container's sandbox, endpoint and addresses, and
// iproute2 / ping run inside Docker's sandbox (nsenter) with the guest's tools.

/** A container on one network, as docker inspect shows it. */
export interface ContainerView {
  /** Docker's container id. */
  id: string;
  sandbox: string;
  endpoint: string;
  ip: string;
  ipv6: string;
}

/** What docker inspect says of a container on a network. */
export async function inspectContainer(
  g: Guest,
  name: string,
  network: string,
): Promise<ContainerView> {
  const [info] = JSON.parse(await dockerOk(g, ['inspect', name])) as {
    Id: string;
    NetworkSettings: {
      SandboxKey: string;
      Networks: Record<
        string,
        { EndpointID: string; IPAddress: string; GlobalIPv6Address: string }
      >;
    };
  }[];
  const net = info?.NetworkSettings.Networks[network];
  if (!info || !net) throw new Error(`${name} is not on ${network}`);
  return {
    id: info.Id,
    sandbox: info.NetworkSettings.SandboxKey,
    endpoint: net.EndpointID,
    ip: net.IPAddress,
    ipv6: net.GlobalIPv6Address,
  };
}

/** Runs argv inside a Docker sandbox's network namespace (the guest's own tools). */
export const inSandbox = (g: Guest, sandbox: string, argv: string[]) =>
  g.exec(['nsenter', `--net=${sandbox}`, ...argv]);

/** A link as `ip -d -json addr show` prints it. */
export interface IpLink {
  ifname: string;
  mtu: number;
  linkinfo?: { info_kind: string; info_data?: { mode?: string; flags?: string } };
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string }[];
}

/** The links (with addresses) inside a sandbox. */
export async function containerLinks(g: Guest, sandbox: string): Promise<IpLink[]> {
  const r = await inSandbox(g, sandbox, ['ip', '-d', '-json', 'addr', 'show']);
  return JSON.parse(r.stdout) as IpLink[];
}

/** The sandbox's routes of one family, as `ip route show` prints them (one per line). */
export async function containerRoutes(g: Guest, sandbox: string, family: 4 | 6): Promise<string> {
  return (await inSandbox(g, sandbox, ['ip', `-${family}`, 'route', 'show'])).stdout;
}

/** True when the guest has a link of that name in its own namespace. */
export const linkExists = async (g: Guest, name: string) =>
  (await g.exec(['ip', 'link', 'show', 'dev', name])).exitCode === 0;

/**
 * True when ping from the sandbox reaches address (IPv4 or IPv6). Tried up to
 * three times: a fresh IPv6 address answers only once its DAD has finished.
 */
export async function pingFrom(g: Guest, sandbox: string, address: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await inSandbox(g, sandbox, [
      'ping',
      '-n',
      '-q',
      '-c',
      '2',
      '-i',
      '0.2',
      '-W',
      '2',
      address,
    ]);
    if (r.exitCode === 0) return true;
  }
  return false;
}
