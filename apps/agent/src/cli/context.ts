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
  dockerdSocket?: string;
  fleetStore?: string;
  kernel?: string;
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
  /** True when stdout is a terminal (progress redrawn in place; plain lines otherwise). */
  stdoutIsTTY?: boolean;
  /** Asks a yes/no question on the terminal; absent when stdin is not one (then --yes is needed). */
  confirm?: (question: string) => Promise<boolean>;
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
      const { host, tlsCa } = command.optsWithGlobals<{ host?: string; tlsCa?: string }>();
      const api = await io.connect(resolveTarget({ host, tlsCa, env: io.env, cwd: io.cwd }));
      try {
        return await run(api);
      } finally {
        await api.close();
      }
    },
  };
}
