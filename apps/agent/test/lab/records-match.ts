import type { AgentClient } from '../../src/client';
import type { LabHost } from './lab-host';

// Records against the kernel, read independently of the agent's own drift
// check (which only reads namespaces that hold a recorded endpoint): every
// recorded endpoint is an ipvlan link of that name in its container with
// exactly its addresses, every ipvlan link in a recorded container has a
// record, and no temporary `ulv…` link is left on the host.

interface AddrJson {
  ifname: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number; scope: string }[];
}

/** The ipvlan links of a namespace with their global addresses, `ifname → sorted addr/prefix`. */
async function ipvlanLinks(host: LabHost, netns: string): Promise<Map<string, string[]>> {
  const r = await host.exec(['ip', '-n', netns, '-d', '-json', 'addr', 'show']);
  if (r.exitCode !== 0) throw new Error(`ip -n ${netns} addr show: ${r.stderr}`);
  const out = new Map<string, string[]>();
  for (const l of JSON.parse(r.stdout) as AddrJson[]) {
    if (l.linkinfo?.info_kind !== 'ipvlan') continue;
    const addrs = (l.addr_info ?? [])
      .filter((a) => a.scope === 'global')
      .map((a) => `${a.local}/${a.prefixlen}`)
      .sort();
    out.set(l.ifname, addrs);
  }
  return out;
}

/** Every difference between the agent's records and the kernel, as sentences (empty when they match). */
export async function recordsVsKernel(host: LabHost, agent: AgentClient): Promise<string[]> {
  const problems: string[] = [];
  const hostLinks = JSON.parse((await host.exec(['ip', '-json', 'link', 'show'])).stdout) as {
    ifname: string;
  }[];
  for (const l of hostLinks)
    if (/^ulv[0-9a-f]{7}$/.test(l.ifname)) problems.push(`temporary link ${l.ifname} on the host`);
  const names = new Set(hostLinks.map((l) => l.ifname));
  for (const n of await agent.networks.list.query())
    if (!names.has(n.parent)) problems.push(`parent ${n.parent} of ${n.name} missing`);
  for (const c of await agent.containers.list.query()) {
    if (!c.present) {
      problems.push(`container ${c.name}: namespace ${c.netns} missing`);
      continue;
    }
    const links = await ipvlanLinks(host, c.netns);
    for (const e of c.endpoints) {
      const want = [e.ipv4Address, e.ipv6Address].filter((a): a is string => !!a).sort();
      const got = links.get(e.ifname);
      if (!got) problems.push(`${c.name}: recorded ${e.ifname} (${want.join(' ')}) is missing`);
      else if (got.join(' ') !== want.join(' '))
        problems.push(`${c.name}: ${e.ifname} holds ${got.join(' ')}, recorded ${want.join(' ')}`);
      links.delete(e.ifname);
    }
    for (const [ifname, addrs] of links)
      problems.push(`${c.name}: ipvlan ${ifname} (${addrs.join(' ')}) has no record`);
  }
  return problems;
}

/** SIGKILLs the guest's agent (the init's restart loop starts it again). */
export async function killAgent(host: LabHost): Promise<void> {
  const r = await host.exec(['sh', '-c', 'kill -KILL "$(cat /run/underlay-lab/agent.pid)"']);
  if (r.exitCode !== 0) throw new Error(`kill -KILL the agent: ${r.stderr}`);
}
