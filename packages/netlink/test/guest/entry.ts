// Bundled by test/lab/bundle.ts and loaded inside a lab guest through the
// lab's `call`: netlink itself plus small helpers that must run next to the
// kernel (timing, event collection, processes holding namespaces).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import {
  batch,
  batchLines,
  createBatchRunner,
  linkEvents,
  type BatchOp,
  type BatchRunner,
  type Link,
} from '../../src/index.js';
import * as netlink from '../../src/index.js';

export * from '../../src/index.js';

/** Calls a netlink verb and returns its outcome as data, so errors cross the relay with every field intact. */
export async function attempt(
  fn: string,
  ...args: unknown[]
): Promise<{ ok: true; value: unknown } | { ok: false; error: Record<string, unknown> }> {
  try {
    const value = await (netlink as unknown as Record<string, (...a: unknown[]) => unknown>)[fn]?.(
      ...args,
    );
    return { ok: true, value: value ?? null };
  } catch (e) {
    const err = e as Error & Record<string, unknown>;
    return { ok: false, error: { ...err, name: err.name, message: err.message } };
  }
}

/** One ping; true when answered. */
export async function ping(spec: {
  netns?: string;
  address: string;
  family?: 4 | 6;
}): Promise<boolean> {
  const r = await netlink.execIn({
    netns: spec.netns,
    argv: ['ping', ...(spec.family === 6 ? ['-6'] : []), '-c', '1', '-W', '1', spec.address],
    timeoutMs: 5000,
  });
  return r.exitCode === 0;
}

/** Collects link events of a namespace while a batch runs there. */
export async function eventsDuring(spec: { netns: string; ops: BatchOp[]; settleMs?: number }) {
  const controller = new AbortController();
  const seen: Array<{ type: string; name: string; kind: string | null; up: boolean }> = [];
  const reading = (async () => {
    for await (const e of linkEvents({ netns: spec.netns, signal: controller.signal }))
      seen.push({ type: e.type, name: e.link.name, kind: e.link.kind, up: e.link.up });
  })().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300)); // let ip monitor subscribe before the changes
  await batch({ netns: spec.netns, ops: spec.ops });
  await new Promise((r) => setTimeout(r, spec.settleMs ?? 300));
  controller.abort();
  await reading;
  return seen;
}

const holders = new Map<number, ReturnType<typeof spawn>>();
/** Starts a process in a new, unnamed network namespace (a stand-in for a container); returns its pid. */
export async function startNamespaceHolder(): Promise<number> {
  const child = spawn('unshare', ['--net', 'sleep', '600'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 200));
  if (child.pid === undefined || child.exitCode !== null)
    throw new Error('unshare --net sleep did not start');
  holders.set(child.pid, child);
  return child.pid;
}
export function stopNamespaceHolder(pid: number): void {
  holders.get(pid)?.kill('SIGKILL');
  holders.delete(pid);
}

type Variant = 'single' | 'batch' | 'file';
/**
 * Creates `count` ipvlan links on a dummy parent in a fresh namespace and
 * returns the milliseconds taken, measured here in the guest: one netlink call
 * per link, one netlink batch, or a plain `ip -batch FILE` of the same lines.
 */
export async function timeIpvlanAdds(spec: {
  netns: string;
  count: number;
  variant: Variant;
}): Promise<number> {
  const { netns, count, variant } = spec;
  await netlink.netnsAdd({ name: netns });
  try {
    await netlink.linkAdd({ netns, kind: 'dummy', name: 'bp0', up: true });
    const ops: BatchOp[] = Array.from({ length: count }, (_, i) => ({
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: `bi${i}`, link: 'bp0', mode: 'l2', flag: 'bridge' },
    }));
    const file = `/tmp/underlay-bench-${netns}.batch`;
    writeFileSync(file, `${batchLines(ops).join('\n')}\n`);
    const start = performance.now();
    if (variant === 'single')
      for (const o of ops)
        await netlink.linkAdd({ netns, ...(o as Extract<BatchOp, { op: 'linkAdd' }>).spec });
    else if (variant === 'batch') await batch({ netns, ops });
    else {
      const r = await netlink.execIn({ argv: ['ip', '-n', netns, '-batch', file] });
      if (r.exitCode !== 0) throw new Error(r.stderr);
    }
    const ms = performance.now() - start;
    const links = await netlink.linkList({ netns });
    if (links.filter((l) => l.kind === 'ipvlan').length !== count)
      throw new Error(`expected ${count} ipvlan links`);
    return ms;
  } finally {
    await netlink.netnsDel({ name: netns });
  }
}

/**
 * Raw `ip -json` output of every link kind netlink parses, for the unit
 * fixtures: ipvlan in each mode × flag (one dummy parent each: the mode
 * belongs to the parent), vlan, dummy, macvlan, and a child moved away.
 */
export async function captureJson(): Promise<Record<string, string>> {
  const [a, b] = ['nl-cap-a', 'nl-cap-b'];
  const ip = async (...args: string[]) => {
    const r = await netlink.execIn({ argv: ['ip', ...args] });
    if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  for (const n of [a, b]) await netlink.ensureNetns({ name: n });
  try {
    const ops: BatchOp[] = [];
    let i = 0;
    for (const mode of ['l2', 'l3', 'l3s'] as const)
      for (const flag of ['bridge', 'private', 'vepa'] as const) {
        ops.push({ op: 'linkAdd', spec: { kind: 'dummy', name: `dp${i}`, up: true } });
        ops.push({
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: `iv-${mode}-${flag}`, link: `dp${i}`, mode, flag },
        });
        i++;
      }
    ops.push({
      op: 'linkAdd',
      spec: { kind: 'vlan', name: 'dp0.10', link: 'dp0', id: 10, mtu: 1400, up: true },
    });
    ops.push({
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: 'moved', link: 'dp0', mode: 'l2', flag: 'bridge' },
    });
    ops.push({ op: 'linkSetNetns', name: 'moved', target: b });
    ops.push({ op: 'linkAdd', spec: { kind: 'dummy', name: 'dpm' } }); // macvlan and ipvlan cannot share a parent
    await batch({ netns: a, ops });
    const macvlan = await netlink.execIn({
      argv: [
        'ip',
        '-n',
        a,
        'link',
        'add',
        'link',
        'dpm',
        'name',
        'mv0',
        'type',
        'macvlan',
        'mode',
        'bridge',
      ],
    });
    await batch({
      netns: b,
      ops: [
        { op: 'linkSetUp', name: 'moved' },
        { op: 'addrAdd', dev: 'moved', address: '10.20.0.2/24' },
        { op: 'addrAdd', dev: 'moved', address: 'fd20::2/64' },
        { op: 'routeReplace', family: 4, dst: 'default', via: '10.20.0.1', dev: 'moved' },
        { op: 'routeReplace', family: 6, dst: 'default', dev: 'moved' },
        { op: 'routeReplace', family: 4, dst: '10.30.0.7/32', dev: 'moved' },
      ],
    });
    return {
      'guest-link-kinds.json': await ip('-n', a, '-d', '-json', 'link', 'show'),
      'guest-link-moved.json': await ip('-n', b, '-d', '-json', 'link', 'show'),
      'guest-addr.json': await ip('-n', b, '-json', 'addr', 'show'),
      'guest-route4.json': await ip('-n', b, '-json', '-4', 'route', 'show'),
      'guest-route6.json': await ip('-n', b, '-json', '-6', 'route', 'show'),
      'guest-macvlan.txt': macvlan.exitCode === 0 ? 'macvlan: ok\n' : `macvlan: ${macvlan.stderr}`,
    };
  } finally {
    for (const n of [a, b]) await netlink.ensureNetnsAbsent({ name: n });
  }
}

type RunOutcome = { ok: true; ran: number } | { ok: false; error: Record<string, unknown> };
/** Runs batches through one runner; returns each outcome with the pid of the process that served it (ip session or forker). */
async function runAll(
  runner: BatchRunner,
  netns: string | undefined,
  batches: BatchOp[][],
  together = false,
) {
  const one = async (ops: BatchOp[]): Promise<RunOutcome> => {
    try {
      return { ok: true, ran: (await runner.run({ netns, ops })).ran };
    } catch (e) {
      const err = e as Error & Record<string, unknown>;
      return { ok: false, error: { ...err, name: err.name, message: err.message } };
    }
  };
  if (together) return Promise.all(batches.map(one));
  const out: Array<RunOutcome & { pid: number | undefined }> = [];
  for (const ops of batches) {
    const r = await one(ops);
    const { pid, forkerPid } = runner.session();
    out.push({ ...r, pid: netns === undefined ? pid : forkerPid });
  }
  return out;
}

const pidAlive = (pid: number | undefined) => pid !== undefined && existsSync(`/proc/${pid}`);

/** Processes whose parent is `pid` (the session's forked ips, if any were left). */
function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // stat: "PID (comm) STATE PPID …"; comm may hold spaces, so split after the last ')'.
        return (
          Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ').at(-1)?.split(' ')[1]) === pid
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** What a runner leaves behind: batch files, child processes, and (after close) its session and directory. */
async function leftovers(runner: BatchRunner, run: () => Promise<unknown>) {
  const value = await run();
  const { pid, forkerPid, readerPid, dir } = runner.session();
  const files = dir === undefined ? [] : readdirSync(dir);
  const children = [...childrenOf(pid), ...childrenOf(forkerPid), ...childrenOf(readerPid)];
  await runner.close();
  return {
    value,
    pid,
    forkerPid,
    dir,
    files,
    children,
    aliveAfterClose: pidAlive(pid) || pidAlive(forkerPid) || pidAlive(readerPid),
    dirAfterClose: dir !== undefined && existsSync(dir),
  };
}

/** Batches through one runner in one namespace (or the guest's own when netns is unset), one after the other. */
export async function runnerSequence(spec: {
  netns?: string;
  batches: BatchOp[][];
  started?: boolean;
}) {
  const runner = createBatchRunner();
  if (spec.started) runner.start();
  const startedPid = runner.session().pid;
  const r = await leftovers(runner, () => runAll(runner, spec.netns, spec.batches));
  const links =
    spec.netns === undefined
      ? []
      : (await netlink.linkList({ netns: spec.netns })).map((l) => l.name);
  return { ...r, outcomes: r.value as RunOutcome[], links, startedPid };
}

/** Batches started together (not awaited in between) through one runner. */
export async function runnerTogether(spec: { netns: string; batches: BatchOp[][] }) {
  const runner = createBatchRunner();
  try {
    return await runAll(runner, spec.netns, spec.batches, true);
  } finally {
    await runner.close();
  }
}

/** A batch with `links: true`, then linkList and addrList through the session, next to the one-shot verbs' answers. */
export async function runnerListings(spec: { netns: string; ops: BatchOp[] }) {
  const runner = createBatchRunner();
  const r = await leftovers(runner, async () => {
    const ran = await runner.run({ netns: spec.netns, ops: spec.ops, links: true });
    return {
      ran,
      links: await runner.linkList({ netns: spec.netns }),
      addrs: await runner.addrList({ netns: spec.netns }),
    };
  });
  return {
    ...r,
    direct: {
      links: await netlink.linkList({ netns: spec.netns }),
      addrs: await netlink.addrList({ netns: spec.netns }),
    },
  };
}

/**
 * Listings stopped by their signal, through one runner: one while its ip runs (aborted as soon as the forker has a
 * child; `count` dummies make the listing long enough to catch), one still waiting behind a batch; then a listing
 * without a signal, which must be whole and served by the same forker.
 */
export async function runnerAbort(spec: { netns: string; count: number }) {
  const runner = createBatchRunner();
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => ({ ok: true }),
      (e: Error & Record<string, unknown>) => ({
        ok: false,
        error: { ...e, name: e.name, message: e.message },
      }),
    );
  return leftovers(runner, async () => {
    const dummies: BatchOp[] = Array.from({ length: spec.count }, (_, i) => ({
      op: 'linkAdd',
      spec: { kind: 'dummy', name: `ab${i}` },
    }));
    await runner.run({ netns: spec.netns, ops: dummies });
    const forkerPid = runner.session().forkerPid;
    const running = new AbortController();
    const first = outcome(runner.linkList({ netns: spec.netns, signal: running.signal }));
    let polls = 0;
    while (childrenOf(forkerPid).length === 0 && polls++ < 10_000)
      await new Promise((r) => setImmediate(r));
    const hadChild = childrenOf(forkerPid).length > 0;
    running.abort();
    const whileRunning = await first;
    const waiting = new AbortController();
    const batchAhead = runner.run({ netns: spec.netns, ops: [{ op: 'linkSetUp', name: 'ab0' }] });
    const second = outcome(runner.addrList({ netns: spec.netns, signal: waiting.signal }));
    waiting.abort();
    await batchAhead;
    const whileWaiting = await second;
    const links = (await runner.linkList({ netns: spec.netns })).length;
    return {
      hadChild,
      whileRunning,
      whileWaiting,
      links,
      sameForker: runner.session().forkerPid === forkerPid,
    };
  });
}

/** namespaceState through the session (one ip run) after `root` ops in the guest's namespace and `ops` in `netns`, next to the one-shot listings. */
export async function runnerState(spec: { netns: string; root: BatchOp[]; ops: BatchOp[] }) {
  await batch({ ops: spec.root });
  const runner = createBatchRunner();
  const r = await leftovers(runner, async () => {
    await runner.run({ netns: spec.netns, ops: spec.ops });
    return runner.namespaceState({ netns: spec.netns });
  });
  return {
    ...r,
    direct: {
      links: await netlink.linkList({ netns: spec.netns }),
      addrs: await netlink.addrList({ netns: spec.netns }),
    },
  };
}

/** A listing of a namespace that does not exist, through the session. */
export async function runnerListMissing(spec: { netns: string }) {
  const runner = createBatchRunner();
  return leftovers(runner, () =>
    runner.linkList({ netns: spec.netns }).then(
      () => ({ ok: true }),
      (e: Error & Record<string, unknown>) => ({
        ok: false,
        error: { ...e, name: e.name, message: e.message },
      }),
    ),
  );
}

/** Nothing holds a namespace between batches: deleting it right after a batch removes it, and the runner still serves others. */
export async function runnerBatchThenDelete(spec: {
  netns: string;
  other: string;
  ops: BatchOp[];
}) {
  const runner = createBatchRunner();
  return leftovers(runner, async () => {
    await runner.run({ netns: spec.netns, ops: spec.ops });
    await netlink.netnsDel({ name: spec.netns });
    const gone = !(await netlink.netnsList()).includes(spec.netns);
    const after = await runner.run({ netns: spec.other, ops: spec.ops });
    return { gone, after };
  });
}

/**
 * The guest's own namespace: a link made and set up through the session, deleted by someone else (a one-shot ip),
 * then made and set up again under the same name through the same runner; the link is deleted at the end.
 */
export async function runnerRemade(spec: { name: string }) {
  const runner = createBatchRunner();
  const make: BatchOp[] = [
    { op: 'linkAdd', spec: { kind: 'dummy', name: spec.name } },
    { op: 'linkSetUp', name: spec.name },
    { op: 'addrAdd', dev: spec.name, address: '10.99.0.1/24' },
  ];
  try {
    const first = await runAll(runner, undefined, [make]);
    await netlink.linkDel({ name: spec.name });
    const again = await runAll(runner, undefined, [make, [{ op: 'linkSetDown', name: spec.name }]]);
    return [...first, ...again];
  } finally {
    await runner.close();
    await netlink.linkDel({ name: spec.name, missingOk: true });
  }
}

/**
 * A link the session makes (looked up: set up, given an address), then deletes itself, makes again under the same
 * name, renames away and makes again, moves to another namespace and makes again: ip dropped the old index from its
 * cache each time, so every batch runs in the one session.
 */
export async function runnerRemadeOwn(spec: { name: string; netns: string }) {
  const runner = createBatchRunner();
  const make: BatchOp[] = [
    { op: 'linkAdd', spec: { kind: 'dummy', name: spec.name } },
    { op: 'linkSetUp', name: spec.name },
    { op: 'addrAdd', dev: spec.name, address: '10.99.1.1/24' },
  ];
  const renamed = `${spec.name}r`;
  try {
    await netlink.netnsAdd({ name: spec.netns });
    return await runAll(runner, undefined, [
      make,
      [{ op: 'linkDel', name: spec.name }],
      make,
      [
        { op: 'linkSetDown', name: spec.name },
        { op: 'linkRename', name: spec.name, newName: renamed },
      ],
      make,
      [{ op: 'linkSetNetns', name: spec.name, target: spec.netns }],
      make,
      [{ op: 'linkDel', name: spec.name }],
    ]);
  } finally {
    await runner.close();
    await netlink.linkDel({ name: spec.name, missingOk: true });
    await netlink.linkDel({ name: renamed, missingOk: true });
    await netlink.netnsDel({ name: spec.netns, missingOk: true });
  }
}

/**
 * A parent someone else made, used by the session as a new ipvlan's parent (ip looks it up and caches its index),
 * then deleted by someone else (its ipvlan goes with it) and made again through the session.
 */
export async function runnerRemadeParent(spec: { parent: string; child: string }) {
  const runner = createBatchRunner();
  const child: BatchOp = {
    op: 'linkAdd',
    spec: { kind: 'ipvlan', name: spec.child, link: spec.parent, mode: 'l2', flag: 'bridge' },
  };
  try {
    await netlink.linkAdd({ kind: 'dummy', name: spec.parent });
    const first = await runAll(runner, undefined, [[child]]);
    await netlink.linkDel({ name: spec.parent });
    const again = await runAll(runner, undefined, [
      [
        { op: 'linkAdd', spec: { kind: 'dummy', name: spec.parent } },
        { op: 'linkSetUp', name: spec.parent },
      ],
    ]);
    return [...first, ...again];
  } finally {
    await runner.close();
    await netlink.linkDel({ name: spec.parent, missingOk: true });
  }
}

/**
 * A parent someone else made, used by the session as an ipvlan's parent, then deleted and made again by someone else
 * (the session never makes it): told so through linkGone (`tell`), the next ipvlan on it goes to the new parent.
 * Then a link the session deletes itself, reported gone too: that keeps the session.
 */
export async function runnerParentGone(spec: { parent: string; tell: boolean }) {
  const runner = createBatchRunner();
  const ipvlan = (name: string): BatchOp => ({
    op: 'linkAdd',
    spec: { kind: 'ipvlan', name, link: spec.parent, mode: 'l2', flag: 'bridge' },
  });
  const own = `${spec.parent}d`;
  try {
    await netlink.linkAdd({ kind: 'dummy', name: spec.parent });
    const first = await runAll(runner, undefined, [[ipvlan(`${spec.parent}a`)]]);
    await netlink.linkDel({ name: spec.parent });
    await netlink.linkAdd({ kind: 'dummy', name: spec.parent });
    if (spec.tell) runner.linkGone(spec.parent);
    const again = await runAll(runner, undefined, [[ipvlan(`${spec.parent}b`)]]);
    const mine = await runAll(runner, undefined, [
      [{ op: 'linkAdd', spec: { kind: 'dummy', name: own } }],
      [{ op: 'linkDel', name: own }],
    ]);
    runner.linkGone(own);
    const after = await runAll(runner, undefined, [[{ op: 'linkSetUp', name: 'lo' }]]);
    return [...first, ...again, ...mine, ...after];
  } finally {
    await runner.close();
    await netlink.linkDel({ name: spec.parent, missingOk: true });
    await netlink.linkDel({ name: own, missingOk: true });
  }
}

/**
 * The runner's own-namespace listings (through the forker, no `-n`) beside the one-shot verbs, and `netns add|del`
 * through the runner, on its ip session: a name made, made again (EEXIST), deleted, deleted again (ENOENT); the
 * session alive after each success, ended by each failure, and still in the guest's own namespace after an add.
 */
export async function runnerHostAndNetns(spec: { name: string }) {
  const runner = createBatchRunner();
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => ({ ok: true }),
      (e: Error & Record<string, unknown>) => ({ ok: false, error: { ...e, name: e.name } }),
    );
  const r = await leftovers(runner, async () => {
    const links = await runner.linkList({});
    const addrs = await runner.addrList({});
    const state = await runner.namespaceState({});
    const add = await outcome(runner.netns({ op: 'netnsAdd', name: spec.name }));
    const sessionAfterAdd = runner.session().pid;
    const listedAfterAdd = (await netlink.netnsList()).includes(spec.name);
    const loInside = (await netlink.linkList({ netns: spec.name })).map((l) => l.name);
    // The session's next line runs where it stands: still the guest's own namespace, not the new one.
    await runner.run({ ops: [{ op: 'linkAdd', spec: { kind: 'dummy', name: 'nl-after-add' } }] });
    const afterAddHere = (await netlink.linkList()).some((l) => l.name === 'nl-after-add');
    const afterAddThere = (await netlink.linkList({ netns: spec.name })).some(
      (l) => l.name === 'nl-after-add',
    );
    await runner.run({ ops: [{ op: 'linkDel', name: 'nl-after-add' }] });
    const addAgain = await outcome(runner.netns({ op: 'netnsAdd', name: spec.name }));
    // A failing line ends the session: gone now means the verb ran on it (not in a fresh ip from the forker).
    const sessionAfterAddAgain = runner.session().pid;
    const del = await outcome(runner.netns({ op: 'netnsDel', name: spec.name }));
    const sessionAfterDel = runner.session().pid;
    const delAgain = await outcome(runner.netns({ op: 'netnsDel', name: spec.name }));
    const sessionAfterDelAgain = runner.session().pid;
    const listedAfterDel = (await netlink.netnsList()).includes(spec.name);
    return {
      links,
      addrs,
      state,
      add,
      listedAfterAdd,
      loInside,
      afterAddHere,
      afterAddThere,
      addAgain,
      del,
      delAgain,
      listedAfterDel,
      sessions: {
        afterAdd: sessionAfterAdd !== undefined,
        afterAddAgain: sessionAfterAddAgain !== undefined,
        afterDel: sessionAfterDel !== undefined,
        afterDelAgain: sessionAfterDelAgain !== undefined,
      },
    };
  });
  return { ...r, direct: { links: await netlink.linkList(), addrs: await netlink.addrList() } };
}

/**
 * The guest's own namespace's listings on the reader: a dummy `parent` (with 10.98.0.1/24) and its VLAN 7 made by
 * one-shot ip; listings through the runner while it follows renames, next to one-shot ones; the parent renamed by
 * someone else (one-shot ip), listed before and after the runner is told; then listings once it no longer follows.
 */
export async function runnerReader(spec: { parent: string; renamed: string }) {
  const child = `${spec.parent}.7`;
  await batch({
    ops: [
      { op: 'linkAdd', spec: { kind: 'dummy', name: spec.parent } },
      { op: 'linkAdd', spec: { kind: 'vlan', name: child, link: spec.parent, id: 7 } },
      { op: 'addrAdd', dev: spec.parent, address: '10.98.0.1/24' },
    ],
  });
  const runner = createBatchRunner();
  const parentOf = (links: Link[]) => links.find((l) => l.name === child)?.parent;
  try {
    return await leftovers(runner, async () => {
      runner.followRenames(true);
      const state = await runner.namespaceState({});
      const readerPid = runner.session().readerPid;
      const links = await runner.linkList({});
      const addrs = await runner.addrList({});
      const sameReader = runner.session().readerPid === readerPid;
      const direct = { links: await netlink.linkList(), addrs: await netlink.addrList() };
      await batch({ ops: [{ op: 'linkRename', name: spec.parent, newName: spec.renamed }] });
      const untold = parentOf(await runner.linkList({}));
      runner.linkRenamed();
      const told = parentOf(await runner.linkList({}));
      const newReader = runner.session().readerPid;
      runner.followRenames(false);
      const off = await runner.linkList({});
      return {
        state,
        links,
        addrs,
        direct,
        readerPid,
        sameReader,
        untold,
        told,
        newReader,
        offParent: parentOf(off),
        offReaderAlive: pidAlive(newReader),
      };
    });
  } finally {
    await netlink.linkDel({ name: spec.renamed, missingOk: true });
    await netlink.linkDel({ name: spec.parent, missingOk: true });
  }
}
