import { usageError } from './cli-error';
import { type AgentTarget, type TargetEnv, resolveTarget } from './target';

// `--agent NAME=SOCKET_OR_URL` (repeated) names the hosts a fleet command
// talks to; `--token-file PATH` (one for all) or `--token-file NAME=PATH`
// (per host) says where each token is. (-H/--host is the global single-agent
// flag, so the fleet's list has its own name.) With no --agent, the one agent
// of -H/UNDERLAY_HOST is the fleet, named after its hostname.

/** One host of the fleet and how to reach it. `name` is null until the agent says its hostname. */
export interface FleetTarget {
  name: string | null;
  target: AgentTarget;
}

function splitPair(flag: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1)
    throw usageError(
      flag,
      `"${text}" is not NAME=VALUE:`,
      `write for example ${flag} host-a=/run/underlay/agent.sock.`,
    );
  return [text.slice(0, at), text.slice(at + 1)];
}

function tokenFiles(texts: readonly string[]): { all?: string; byHost: Map<string, string> } {
  const byHost = new Map<string, string>();
  let all: string | undefined;
  for (const text of texts) {
    if (!/^[\w.-]+=/.test(text)) all = text;
    else {
      const [name, path] = splitPair('--token-file', text);
      byHost.set(name, path);
    }
  }
  return { ...(all ? { all } : {}), byHost };
}

/** The fleet's targets from the flags, or the single -H agent. */
export function fleetTargets(opts: {
  agents: readonly string[];
  tokenFiles: readonly string[];
  host?: string | undefined;
  env: TargetEnv;
  cwd: string;
}): FleetTarget[] {
  const tokens = tokenFiles(opts.tokenFiles);
  const envFor = (name: string | null): TargetEnv => {
    const file = (name && tokens.byHost.get(name)) ?? tokens.all;
    return file ? { ...opts.env, UNDERLAY_TOKEN: undefined, UNDERLAY_TOKEN_FILE: file } : opts.env;
  };
  if (!opts.agents.length)
    return [
      { name: null, target: resolveTarget({ host: opts.host, env: envFor(null), cwd: opts.cwd }) },
    ];
  const seen = new Set<string>();
  return opts.agents.map((text) => {
    const [name, address] = splitPair('--agent', text);
    if (seen.has(name)) throw usageError('--agent', `host "${name}" is given twice.`);
    seen.add(name);
    return { name, target: resolveTarget({ host: address, env: envFor(name), cwd: opts.cwd }) };
  });
}
