import type { Command } from 'commander';
import type { AgentConfig } from '../env';
import type { AgentApi } from './client';
import { type AgentTarget, type TargetEnv, resolveTarget } from './target';

// What commands need from the outside world, passed in so the whole program
// runs in-process in tests (captured output, a fake environment).

/** The daemon's flags as `underlay agent` received them. */
export interface AgentFlags {
  stateDir?: string;
  socket?: string;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  metrics?: string;
  logLevel?: string;
  driftCheck?: number;
  dockerPlugin?: string;
}

/** The CLI's view of the process: output, environment, and how to reach or run an agent. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: TargetEnv;
  cwd: string;
  connect(target: AgentTarget): Promise<AgentApi>;
  /** Resolves at the first SIGINT or SIGTERM (ends `events`). */
  untilStopped(): Promise<void>;
  /** Runs the daemon until a stop signal; resolves when it has closed. */
  runAgent(config: AgentConfig): Promise<void>;
}

/** Shared by every command: printing, the exit code, and a connection to the chosen agent. */
export interface CliContext {
  io: CliIo;
  print(line: string): void;
  warn(line: string): void;
  fail(exitCode?: number): void;
  withAgent<T>(command: Command, run: (api: AgentApi) => Promise<T>): Promise<T>;
}

/** Builds the context; `state.exitCode` is what the process exits with when no error is thrown. */
export function createContext(io: CliIo, state: { exitCode: number }): CliContext {
  return {
    io,
    print: (line) => io.stdout(`${line}\n`),
    warn: (line) => io.stderr(`${line}\n`),
    fail: (exitCode = 1) => {
      state.exitCode = exitCode;
    },
    withAgent: async (command, run) => {
      const { host } = command.optsWithGlobals<{ host?: string }>();
      const api = await io.connect(resolveTarget({ host, env: io.env, cwd: io.cwd }));
      try {
        return await run(api);
      } finally {
        await api.close();
      }
    },
  };
}
