// Records a replay snapshot (src/kernel/replay-snapshot.ts) from a real lab
// guest: boots a one-host lab with the agent, asks the agent what its kernel
// port answers (host.info: kernel release and capabilities; host.snapshot:
// links and addresses) and the guest's routing table (`ip -json route`, both
// families, parsed by @underlay/netlink as the agent parses it), writes the
// file and takes the lab down. Needs root (the lab); run from apps/agent:
//   pnpm exec tsx test/replay/record-host-snapshot.ts [OUT] [--lab NAME]
// OUT defaults to test/replay/lab-host.replay.json (the committed snapshot).
import { writeFileSync } from 'node:fs';
import { startLab } from '@underlay/lab';
import { parseRoutes } from '@underlay/netlink';
import { createAgentClient } from '../../src/client';
import { REPLAY_FORMAT, ReplaySnapshotSchema } from '../../src/kernel/replay-snapshot';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const labAt = args.indexOf('--lab');
const labName = labAt >= 0 ? args[labAt + 1]! : 'replay-record';
const out =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lab') ??
  new URL('./lab-host.replay.json', import.meta.url).pathname;

const lab = await startLab({ name: labName, hosts: 1, agent: true, onProgress: console.log });
try {
  const host = lab.hosts[0]!;
  const client = createAgentClient({
    host: host.agentSocket,
    token: readFileSync(`${host.stateDir}/token`, 'utf8').trim(),
  });
  const info = await client.host.info.query();
  const snapshot = await client.host.snapshot.query({ addresses: true, containerLinks: false });
  await client.close();
  const routes = [];
  for (const family of [4, 6] as const) {
    const run = await host.exec(['ip', `-${family}`, '-json', 'route', 'show']);
    if (run.exitCode !== 0) throw new Error(`ip -${family} route: ${run.stderr}`);
    routes.push(...parseRoutes(run.stdout, family));
  }
  const recorded = ReplaySnapshotSchema.parse({
    format: REPLAY_FORMAT,
    recordedAt: new Date().toISOString(),
    source: `lab guest ${host.name} (user-mode-linux ${info.kernel}), agent ${info.version}`,
    hostname: info.hostname,
    kernel: info.kernel,
    capabilities: info.capabilities,
    links: snapshot.links,
    addresses: snapshot.addresses,
    routes: routes.map((r) => ({
      family: r.family,
      dst: r.dst,
      ...(r.via ? { via: r.via } : {}),
      ...(r.dev ? { dev: r.dev } : {}),
      ...(r.protocol ? { protocol: r.protocol } : {}),
    })),
    namespaces: {},
  });
  writeFileSync(out, `${JSON.stringify(recorded, null, 2)}\n`);
  console.log(
    `recorded ${host.name}: ${recorded.links.length} links, ${recorded.routes.length} routes → ${out}`,
  );
} finally {
  await lab.down();
}
