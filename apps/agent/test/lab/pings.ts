// Connectivity as the lab tests observe it: ping run inside a guest (in a
// namespace, or in the guest's own when netns is null) through the lab's exec
// channel, independently of the agent's diag.ping.

/** Anything that runs an argv in a guest: the lab's LabHost or the agent tests' wrapper. */
interface Guest {
  exec(argv: string[]): Promise<{ exitCode: number }>;
}

/** True when a reply came back (2 probes, 1 s wait each). */
export async function pings(host: Guest, netns: string | null, address: string): Promise<boolean> {
  const ping = ['ping', '-n', '-q', '-c', '2', '-i', '0.2', '-W', '1', address];
  const r = await host.exec(netns ? ['ip', 'netns', 'exec', netns, ...ping] : ping);
  return r.exitCode === 0;
}
