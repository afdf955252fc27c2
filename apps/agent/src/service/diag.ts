import {
  DomainError,
  issue,
  parseAddress,
  PingRequestSchema,
  type PingResult,
} from '@underlay/core';
import { recordsOf } from './snapshot';
import type { ServiceDeps } from './deps';
import { requireContainer } from './lookup';
import { parsePing } from './ping-output';

// Ping from inside a container, to an address or to another container's
// endpoint. Bounded count and timeout: the agent must not be held for long.

/** The address to ping: the target itself, or an address of the container it names. */
function resolveTarget(deps: ServiceDeps, target: string, family: 4 | 6 | undefined): string {
  const parsed = parseAddress(target);
  if (parsed) return target;
  const endpoints = recordsOf(deps).endpoints.filter((e) => e.container === target);
  const v4 = endpoints.map((e) => e.ipv4Address).find(Boolean);
  const v6 = endpoints.map((e) => e.ipv6Address).find(Boolean);
  const chosen = family === 6 ? v6 : family === 4 ? v4 : (v4 ?? v6);
  if (!chosen) {
    throw new DomainError(
      issue(
        'NOT_FOUND',
        ['target'],
        `"${target}" is neither an IP address nor a container with an ${family ? `IPv${family} ` : ''}address on this host.`,
        'Give an address, or a connected container.',
      ),
    );
  }
  return chosen.split('/')[0] as string;
}

/** Diagnostics. */
export function diagService(deps: ServiceDeps) {
  return {
    /** Pings `target` from inside `container`'s namespace. */
    async ping(input: unknown): Promise<PingResult> {
      const request = PingRequestSchema.parse(input);
      const container = requireContainer(recordsOf(deps), request.container);
      const target = resolveTarget(deps, request.target, request.family);
      const wait = Math.max(1, Math.ceil(request.timeoutMs / 1000));
      const argv = [
        'ping',
        '-n',
        '-q',
        '-c',
        String(request.count),
        '-W',
        String(wait),
        '-w',
        String(request.count + wait),
        target,
      ];
      const result = await deps.kernel.execIn(
        container.netns,
        argv,
        (request.count + wait + 2) * 1000,
      );
      const summary = parsePing(result.stdout) ?? {
        transmitted: 0,
        received: 0,
        lossPercent: 100,
        rttMs: null,
      };
      return {
        ...summary,
        target,
        ok: result.exitCode === 0 && summary.received > 0,
        exitCode: result.exitCode,
        output: `${result.stdout}${result.stderr}`.trim(),
      };
    },
  };
}
