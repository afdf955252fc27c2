import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labHosts, type LabHost } from './lab/lab-host';

// A guest reboot: the kernel forgets every link and namespace; the state
// directory survives. The agent must restore its networks from it (the
// seed: configuration is applied every time the engine starts).

let b: LabHost;
let agent: AgentClient;

beforeAll(async () => {
  [b] = (await labHosts(['host-b'])) as [LabHost];
  agent = b.client();
});

afterAll(async () => {
  await agent?.close();
});

const linkNames = async (host: LabHost): Promise<string[]> =>
  (
    JSON.parse((await host.exec(['ip', '-json', 'link', 'show'])).stdout) as { ifname: string }[]
  ).map((l) => l.ifname);

describe('reboot', () => {
  it('restores VLAN and dummy parents from the state directory and frees endpoints whose namespace is gone', async () => {
    const { network: vlan } = await agent.networks.create.mutate({
      name: 'vlan90',
      options: { parent: 'eth0.90' },
      ipam: [{ subnet: '192.168.90.0/24' }],
    });
    const { network: iso } = await agent.networks.create.mutate({
      name: 'iso91',
      ipam: [{ subnet: '192.168.91.0/24' }],
    });
    await agent.containers.create.mutate({ name: 'r90' });
    await agent.networks.connect.mutate({
      network: 'vlan90',
      container: 'r90',
      ipv4Address: '192.168.90.10',
    });
    await agent.close();

    await b.reboot();
    agent = b.client();
    const links = await linkNames(b);
    expect(links).toContain('eth0.90');
    expect(links).toContain(iso.parent);
    const networks = await agent.networks.list.query();
    expect(
      networks
        .filter((n) => n.id === vlan.id || n.id === iso.id)
        .map((n) => [n.name, n.status, n.endpoints]),
    ).toEqual([
      ['vlan90', 'ok', 0],
      ['iso91', 'ok', 0],
    ]);
    // the freed address can be taken again at once
    await agent.containers.remove.mutate({ container: 'r90' });
    await agent.containers.create.mutate({ name: 'r90' });
    const { endpoint } = await agent.networks.connect.mutate({
      network: 'vlan90',
      container: 'r90',
      ipv4Address: '192.168.90.10',
    });
    expect(endpoint.ipv4Address).toBe('192.168.90.10/24');

    await agent.containers.remove.mutate({ container: 'r90' });
    await agent.networks.remove.mutate({ network: 'vlan90' });
    await agent.networks.remove.mutate({ network: 'iso91' });
    expect(await linkNames(b)).not.toContain('eth0.90');
  });
});
