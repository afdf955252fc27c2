import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachLab, type LabHost as Guest } from '@underlay/lab';

// Runs the built plugin binary inside a lab guest the way a runtime does:
// a clean environment holding only the CNI_* variables, the network config
// on stdin, the JSON on stdout and the exit status read back. Only the
// guest's GLIBC_TUNABLES is kept, as the lab's Podman keeps it for its
// plugins (LAB.md): the guests keep x87/SSE registers only, and without it
// the static plugin's glibc picks AVX string code by CPUID, which a guest
// corrupts.
const KEEP_TUNABLES = 'exec env -i GLIBC_TUNABLES="$GLIBC_TUNABLES" "$@"';

/** The plugin as the guests see it (they share the machine's files, read-only). */
export const PLUGIN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'underlay-cni',
);

/** What one plugin run gave. */
export interface PluginRun {
  exitCode: number;
  json: Record<string, unknown> | null;
  stdout: string;
}

/** The raw guest of the lab (its exec takes stdin). */
export async function guest(name: string): Promise<Guest> {
  const lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  return lab.host(name);
}

/** Runs `PLUGIN` in `host` with `env` (values undefined are left out) and `config` on stdin. */
export async function runPlugin(
  host: Guest,
  env: Record<string, string | undefined>,
  config: unknown,
  plugin = PLUGIN,
): Promise<PluginRun> {
  const vars = Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  const input = typeof config === 'string' ? config : JSON.stringify(config);
  const r = await host.exec(['sh', '-c', KEEP_TUNABLES, 'sh', ...vars, plugin], {
    input,
    timeoutMs: 120_000,
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { exitCode: r.exitCode, json, stdout: r.stdout };
}
