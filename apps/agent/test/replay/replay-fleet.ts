// Starts replay agents (hub scale tests and benchmarks only): each one the
// real agent server (startAgent: its own unix socket, token, SQLite state,
// tRPC server and event stream) over a replay kernel serving SNAPSHOT.
// Bundled to dist/replay-fleet.js by build.mjs, so it starts with plain node.
//   node dist/replay-fleet.js SNAPSHOT DIR NAME...
// Each agent lives in DIR/NAME (state/, agent.sock); prints "ready NAME" per
// agent, then "ready" once all listen; SIGTERM/SIGINT stop them all.
// Several agents share a process because a node process costs ~0.7 s of CPU
// and ~80 MiB to start (measured: 100 one-agent processes took 305 s to
// start on this 2-core machine under load), not because they must.
import { join } from 'node:path';
import pino from 'pino';
import { startAgent, type RunningAgent } from '../../src/server/start-agent';

const [snapshot, dir, ...names] = process.argv.slice(2);
if (!snapshot || !dir || names.length === 0) {
  console.error('usage: node dist/replay-fleet.js SNAPSHOT DIR NAME...');
  process.exit(2);
}

const logger = pino({ name: 'replay-agent', level: 'warn' });
const agents: RunningAgent[] = [];
const stop = async () => {
  await Promise.allSettled(agents.map((a) => a.close()));
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

for (const name of names) {
  const home = join(dir, name);
  agents.push(
    await startAgent(
      {
        stateDir: join(home, 'state'),
        socket: join(home, 'agent.sock'),
        kernel: `replay:${snapshot}`,
        dockerPlugin: 'off',
        logLevel: 'warn',
      },
      { logger: logger.child({ host: name }), hostname: name },
    ),
  );
  console.log(`ready ${name}`);
}
console.log('ready');
