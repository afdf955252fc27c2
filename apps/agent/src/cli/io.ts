import type { AgentApi } from './client';
import type { AgentConfig } from '../env';
import type { CliIo } from './context';
import type { AgentTarget } from './target';
import { endQuietlyOnClosedPipe } from './closed-pipe';
import { readTlsCa, readToken } from './token';

// The real process behind CliIo: stdout/stderr, the environment, a WebSocket
// to the agent, and the daemon itself for `underlay agent`.

/** How `underlay agent` starts and stops the daemon (wired by main.ts to startAgent). */
export type AgentRunner = (config: AgentConfig) => Promise<{ close(): Promise<void> }>;

/** The CliIo of a real process. */
export function processIo(startAgent: AgentRunner): CliIo {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: {
      UNDERLAY_HOST: process.env.UNDERLAY_HOST,
      UNDERLAY_TOKEN: process.env.UNDERLAY_TOKEN,
      UNDERLAY_TOKEN_FILE: process.env.UNDERLAY_TOKEN_FILE,
      UNDERLAY_TLS_CA: process.env.UNDERLAY_TLS_CA,
    },
    cwd: process.cwd(),
    connect: async (target: AgentTarget): Promise<AgentApi> => {
      // Loaded here, not at start: --help, --version and usage errors need no tRPC or ws.
      const { checkSocket, connectAgent } = await import('./client');
      await checkSocket(target);
      const tlsCa = target.tlsCaFile ? await readTlsCa(target.tlsCaFile) : undefined;
      return connectAgent(target, await readToken(target.token), tlsCa);
    },
    untilStopped: async () => void (await stopSignal()),
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(process.stdin.isTTY ? { confirm: askYes } : {}),
    runAgent: async (config) => {
      const agent = await startAgent(config);
      await stopSignal();
      await agent.close();
    },
  };
}

// As terraform apply: only the word "yes" goes on.
async function askYes(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

// Graceful shutdown: the first SIGINT/SIGTERM closes the agent (it finishes
// the running operation); a second one is left to Node's default (exit).
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
