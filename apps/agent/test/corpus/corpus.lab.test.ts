import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachLab, type LabHost as Guest } from '@underlay/lab';
import { formatPath, type WireError } from '@underlay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../src/client';
import { labHosts, type LabHost } from '../lab/lab-host';
import { CORPUS, type CorpusRow } from './corpus';
import { changed, cleanUp, prepare, settle, snapshot, undoAccepted } from './lab-state';

// Issue 16: the bad-input corpus (corpus.ts) against host-a's real agent and
// kernel. Every row must be refused with exactly one message that names its
// field and says the fix, and change nothing: the kernel (links, addresses,
// routes, in the host and in every namespace) and the records are snapshotted
// before and after each batch of rows.

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.cjs');
const BATCH = 25;
const CALL_MS = 20_000;

let host: LabHost;
let guest: Guest;
let agent: AgentClient;

beforeAll(async () => {
  [host] = (await labHosts(['host-a'])) as [LabHost];
  const lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  guest = lab.host('host-a');
  agent = host.client();
  await cleanUp(guest, agent);
  await prepare(guest, agent);
  await settle(guest, agent);
}, 300_000);

afterAll(async () => {
  if (agent) {
    await cleanUp(guest, agent);
    await agent.close();
  }
}, 300_000);

const lower = (s: string) => s.toLowerCase();
const missingWords = (text: string, words: readonly string[]) =>
  words.filter((w) => !lower(text).includes(lower(w)));

const QUERIES = new Set(['networks.inspect', 'networks.plan', 'diag.ping', 'host.snapshot']);

const timeout = <T>(p: Promise<T>, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${CALL_MS} ms`)), CALL_MS),
    ),
  ]);

/** Calls one procedure by its dotted path with raw input (no client-side checks). */
async function call(proc: string, input: unknown): Promise<unknown> {
  const [noun, verb] = proc.split('.') as [string, string];
  const p = (
    agent as unknown as Record<
      string,
      Record<string, Record<string, (i: unknown) => Promise<unknown>>>
    >
  )[noun]![verb]!;
  return timeout(QUERIES.has(proc) ? p.query!(input) : p.mutate!(input), proc);
}

/** What is wrong with how a tRPC row was answered ([] when it was refused as it should be). */
async function checkTrpc(row: CorpusRow & { path: 'trpc' }): Promise<string[]> {
  try {
    await call(row.input.proc, row.input.body);
    return ['accepted'];
  } catch (err) {
    const domain = (err as { data?: { domain?: WireError | null } }).data?.domain;
    if (!domain) return [`no domain error: ${(err as Error).message}`];
    const errors = domain.issues.filter((i) => i.severity === 'error');
    const out: string[] = [];
    if (domain.code !== row.code) out.push(`code ${domain.code}, not ${row.code}`);
    if (errors.length !== 1) out.push(`${errors.length} messages: ${(err as Error).message}`);
    const first = errors[0];
    if (!first) return out;
    const field = formatPath(first.path) || 'input';
    if (field !== row.field) out.push(`names ${field}, not ${row.field}`);
    if (!first.hint?.trim()) out.push(`no hint: ${first.message}`);
    const text = `${first.message} ${first.hint ?? ''}`;
    const missing = missingWords(text, row.words);
    if (missing.length) out.push(`"${text}" lacks ${missing.join(', ')}`);
    return out;
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI pointed at host-a's agent (argument array, no shell). */
function underlay(args: string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: host.agentSocket,
    UNDERLAY_TOKEN_FILE: host.tokenFile,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: CALL_MS }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
        stdout,
        stderr,
      }),
    );
  });
}

/** What is wrong with how a CLI row was answered. */
async function checkCli(row: CorpusRow & { path: 'cli' }): Promise<string[]> {
  const r = await underlay(row.input.argv);
  const out: string[] = [];
  const wantExit = row.code === 'USAGE' ? 2 : 1;
  if (r.code !== wantExit) out.push(`exit ${r.code}, not ${wantExit}`);
  // `network inspect` prints Docker's empty list before the error, as docker does.
  const quiet =
    row.input.argv[1] === 'inspect' && !['USAGE', 'CLI'].includes(row.code) ? '[]\n' : '';
  if (r.stdout !== quiet) out.push(`stdout ${JSON.stringify(r.stdout)}`);
  if (/\n\s+at /.test(r.stderr)) out.push('stack trace');
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error'));
  if (errors.length !== 1) out.push(`${errors.length} error lines: ${JSON.stringify(r.stderr)}`);
  const line = errors[0] ?? '';
  const own = row.code === 'USAGE' || row.code === 'CLI';
  const prefix = own ? 'Error: ' : 'Error response from agent: ';
  if (!line.startsWith(prefix)) out.push(`line ${JSON.stringify(line)} does not start "${prefix}"`);
  const rest = line.slice(prefix.length);
  const names = own ? rest.includes(row.field) : rest.startsWith(`${row.field}: `);
  if (!names) out.push(`line ${JSON.stringify(line)} does not name ${row.field}`);
  const missing = missingWords(r.stderr, row.words);
  if (missing.length) out.push(`stderr ${JSON.stringify(r.stderr)} lacks ${missing.join(', ')}`);
  return out;
}

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'guest-runner.mjs');
const PLUGIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'underlay-cni');

/** Runs CNI and Docker rows in one guest process; answers in row order. */
async function inGuest(job: {
  cni?: { env: Record<string, string>; stdin: string }[];
  docker?: { endpoint: string; body: string }[];
}): Promise<{
  cni: { exitCode: number; stdout: string }[];
  docker: { status: number; text: string }[];
}> {
  const input = JSON.stringify({
    plugin: PLUGIN,
    socket: '/run/docker/plugins/underlay.sock',
    ...job,
  });
  const r = await guest.exec([process.execPath, RUNNER], { input, timeoutMs: 300_000 });
  if (r.exitCode !== 0) throw new Error(`guest runner: ${r.stderr}`);
  return JSON.parse(r.stdout) as never;
}

/** What is wrong with one CNI answer: exit 1, the spec's error JSON with the code, msg naming the field, details the fix. */
function cniProblems(row: CorpusRow, answer: { exitCode: number; stdout: string }): string[] {
  const out: string[] = [];
  if (answer.exitCode !== 1) out.push(`exit ${answer.exitCode}, not 1`);
  let json: { code?: number; msg?: string; details?: string } = {};
  try {
    json = JSON.parse(answer.stdout) as typeof json;
  } catch {
    return [...out, `stdout not JSON: ${JSON.stringify(answer.stdout)}`];
  }
  if (String(json.code) !== row.code) out.push(`code ${json.code}, not ${row.code}`);
  const msg = String(json.msg ?? '');
  if (!msg.startsWith(`${row.field}: `))
    out.push(`msg ${JSON.stringify(msg)} does not name ${row.field}`);
  if (msg.includes('\n')) out.push(`msg has several lines: ${JSON.stringify(msg)}`);
  if (!String(json.details ?? '').trim()) out.push('no details (the fix)');
  const missing = missingWords(`${msg} ${json.details ?? ''}`, row.words);
  if (missing.length) out.push(`${JSON.stringify(json)} lacks ${missing.join(', ')}`);
  return out;
}

/** What is wrong with one Docker plugin answer: an Err/Error naming the field, one line. */
function dockerProblems(row: CorpusRow, answer: { status: number; text: string }): string[] {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return [`reply not JSON: ${JSON.stringify(answer.text)}`];
  }
  const err = typeof json[row.code] === 'string' ? (json[row.code] as string) : '';
  const out: string[] = [];
  if (!err) return [`no ${row.code} in ${answer.text}`];
  if (!err.startsWith(`${row.field}: `))
    out.push(`${JSON.stringify(err)} does not name ${row.field}`);
  if (err.includes('\n')) out.push(`several lines: ${JSON.stringify(err)}`);
  const missing = missingWords(err, row.words);
  if (missing.length) out.push(`${JSON.stringify(err)} lacks ${missing.join(', ')}`);
  return out;
}

/** Runs guest rows in batches (one guest process per batch), snapshotting before and after each. */
async function runGuestBatches(rows: CorpusRow[]): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const before = await snapshot(guest, agent);
    const cniRows = batch.filter((r) => r.path === 'cni');
    const dockerRows = batch.filter((r) => r.path === 'docker');
    const answers = await inGuest({
      cni: cniRows.map((r) => r.input as { env: Record<string, string>; stdin: string }),
      docker: dockerRows.map((r) => r.input as { endpoint: string; body: string }),
    });
    cniRows.forEach((row, k) => {
      for (const p of cniProblems(row, answers.cni[k]!)) failures.push(`${label(row)}: ${p}`);
    });
    dockerRows.forEach((row, k) => {
      for (const p of dockerProblems(row, answers.docker[k]!)) failures.push(`${label(row)}: ${p}`);
    });
    const diff = changed(before, await snapshot(guest, agent));
    if (diff.length) {
      failures.push(
        `rows ${i}–${i + batch.length - 1} (${label(batch[0]!)} …) changed ${diff.join(', ')}`,
      );
      await undoAccepted(agent);
    }
  }
  return failures;
}

const label = (row: CorpusRow) => `${row.path} ${JSON.stringify(row.input)}`;

/** Runs rows in batches, snapshotting before and after each; returns every failure. */
async function runBatches<R extends CorpusRow>(
  rows: R[],
  check: (row: R) => Promise<string[]>,
): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const before = await snapshot(guest, agent);
    for (const row of batch) {
      const problems = await check(row).catch((e: Error) => [`threw ${e.message}`]);
      for (const problem of problems) failures.push(`${label(row)}: ${problem}`);
      if (problems.length) await undoAccepted(agent);
    }
    const diff = changed(before, await snapshot(guest, agent));
    if (diff.length)
      failures.push(
        `rows ${i}–${i + batch.length - 1} (${label(batch[0]!)} …) changed ${diff.join(', ')}`,
      );
  }
  return failures;
}

const only = <P extends CorpusRow['path']>(path: P) =>
  CORPUS.filter((r): r is CorpusRow & { path: P } => r.path === path);

describe('the bad-input corpus against a lab agent', () => {
  it('refuses every raw tRPC row (valid token) with one message naming the field and the fix, and changes nothing', async () => {
    const rows = only('trpc');
    const failures = await runBatches(rows, checkTrpc);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    console.log(`corpus: ${rows.length} tRPC rows refused, nothing changed`);
  }, 600_000);

  it('refuses every CLI row with a non-zero exit and one error line naming the field, and changes nothing', async () => {
    const rows = only('cli');
    const failures = await runBatches(rows, checkCli);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    console.log(`corpus: ${rows.length} CLI rows refused, nothing changed`);
  }, 600_000);

  it('refuses every CNI row (underlay-cni in the guest) with the spec error JSON naming the field, and changes nothing', async () => {
    const rows = only('cni');
    const failures = await runGuestBatches(rows);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    console.log(`corpus: ${rows.length} CNI rows refused, nothing changed`);
  }, 600_000);

  it('refuses every Docker plugin row (the plugin socket in the guest) with one Err naming the field, and changes nothing', async () => {
    const rows = only('docker');
    const failures = await runGuestBatches(rows);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    console.log(`corpus: ${rows.length} Docker plugin rows refused, nothing changed`);
  }, 600_000);
});
