import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { GuestCallError, attachLab, rebootHost, type Lab, type LabHost } from '../src/index.js';
import { packageDir } from '../src/paths.js';

let lab: Lab;
let a: LabHost;
let b: LabHost;

beforeAll(async () => {
  lab = await attachLab({ name: inject('labName') });
  a = lab.host('host-a');
  b = lab.host('host-b');
});

describe('guests', () => {
  it('both answer exec with stdout, stderr and the exit status', async () => {
    for (const host of [a, b]) {
      const result = await host.exec(['sh', '-c', 'hostname; echo oops >&2; exit 3']);
      expect(result).toEqual({ exitCode: 3, stdout: `${host.name}\n`, stderr: 'oops\n' });
    }
  });

  it('pass input on stdin and never use a shell for argv', async () => {
    expect((await a.exec(['cat'], { input: 'hello' })).stdout).toBe('hello');
    expect((await a.exec(['echo', '$(hostname); true'])).stdout).toBe('$(hostname); true\n');
  });

  it('kill a command at its timeout and report the signal', async () => {
    const result = await a.exec(['sleep', '10'], { timeoutMs: 300 });
    expect(result.signal).toBe('SIGKILL');
  });

  it('report a missing program as exit 127', async () => {
    expect((await a.exec(['/no/such/program'])).exitCode).toBe(127);
  });

  it('run Linux 6.1', async () => {
    expect((await a.exec(['uname', '-r'])).stdout).toMatch(/^6\.1\.\d+/);
  });

  it('have eth0 on the trunk and mgmt0 with the mgmt address', async () => {
    const links = (await a.exec(['ip', '-d', 'link'])).stdout;
    expect(links).toMatch(/\d+: eth0: <[^>]*UP/);
    expect(links).toMatch(/\d+: mgmt0: <[^>]*UP/);
    const addrs = (await b.exec(['ip', '-4', '-o', 'address', 'show', 'dev', 'mgmt0'])).stdout;
    expect(addrs).toContain('inet 192.0.2.12/24');
  });

  it('have ipvlan, 8021q, dummy and macvlan loaded', async () => {
    const modules = (await a.exec(['cat', '/proc/modules'])).stdout
      .split('\n')
      .map((line) => line.split(' ')[0]);
    expect(modules).toEqual(
      expect.arrayContaining(['ipvlan', '8021q', 'dummy', 'macvlan', 'veth']),
    );
  });

  it('run node correctly, several at once (the AVX workaround of the AMX shim holds)', async () => {
    const script =
      'let s=0; for (let i=0;i<100000;i++) s+=JSON.stringify({i,v:"x".repeat(i%50)}).length; console.log(s, require("crypto").createHash("sha256").update("y".repeat(2e6)).digest("hex"))';
    const expected = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const runs = await Promise.all(
      [a, a, b, b].map((host) => host.exec(['node', '-e', script], { timeoutMs: 110_000 })),
    );
    for (const run of runs) expect(run).toMatchObject({ exitCode: 0, stdout: expected });
  });

  it('encode and decode base64 right, two node processes at once (simdutf kept off AVX-512)', async () => {
    // Without SIMDUTF_FORCE_IMPLEMENTATION from init, most decodes came out
    // wrong here: simdutf's AVX-512 registers are not kept across a switch.
    const script = join(packageDir, 'test', 'fixtures', 'base64-stress.mjs');
    const runs = await Promise.all(
      [a, a].map((host) => host.exec(['node', script, '4000'], { timeoutMs: 60_000 })),
    );
    for (const run of runs) {
      expect(run.exitCode, run.stderr).toBe(0);
      const { rounds, wrong } = JSON.parse(run.stdout) as { rounds: number; wrong: number };
      expect(rounds).toBeGreaterThan(10);
      expect(wrong).toBe(0);
    }
  });

  it('cleared the hotplug helper', async () => {
    expect((await a.exec(['cat', '/proc/sys/kernel/hotplug'])).stdout.trim()).toBe('');
  });
});

describe('the trunk and the mgmt network', () => {
  it('carry VLAN 42 between the guests on eth0.42', async () => {
    const setup = (host: LabHost) =>
      host.exec(['ip', '-batch', '-'], {
        input: `link add link eth0 name eth0.42 type vlan id 42\naddress add 10.42.0.${host.index}/24 dev eth0.42\nlink set eth0.42 up\n`,
      });
    try {
      expect((await setup(a)).exitCode).toBe(0);
      expect((await setup(b)).exitCode).toBe(0);
      const ping = await a.exec(['ping', '-c', '2', '-W', '3', '10.42.0.2']);
      expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
      expect((await b.exec(['ip', '-d', 'link', 'show', 'eth0.42'])).stdout).toContain(
        'vlan protocol 802.1Q id 42',
      );
    } finally {
      await a.exec(['ip', 'link', 'del', 'eth0.42']);
      await b.exec(['ip', 'link', 'del', 'eth0.42']);
    }
  });

  it('reaches the other guest over mgmt', async () => {
    const ping = await a.exec(['ping', '-c', '1', '-W', '3', b.mgmtAddress]);
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
  });
});

describe('call', () => {
  const fixture = join(packageDir, 'test', 'fixtures', 'echo-module.mjs');

  it('imports an ESM file in the guest and returns what its function returns', async () => {
    expect(await a.call(fixture, 'add', 2, 3)).toBe(5);
    expect(await b.call(fixture, 'hostname')).toBe('host-b');
  });

  it('keeps the module loaded between calls', async () => {
    const first = await a.call<number>(fixture, 'count');
    expect(await a.call<number>(fixture, 'count')).toBe(first + 1);
  });

  it('rejects with the guest error, its name and own props', async () => {
    const error = await a.call(fixture, 'fail', 'EBUSY').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuestCallError);
    expect(error).toMatchObject({
      name: 'RangeError',
      message: 'failed with EBUSY',
      code: 'EBUSY',
    });
    await expect(a.call(fixture, 'nope')).rejects.toThrow(/no function named nope/);
  });
});

describe('the machine stays read-only to the guests', () => {
  const probe = (where: string) => join(where, `.underlay-guest-write-probe-${process.pid}`);
  const writeArgv = (path: string) => ['sh', '-c', 'echo x > "$1"', 'sh', path];

  it('refuses writes to the repository through the root filesystem', async () => {
    const target = probe(packageDir);
    expect((await a.exec(writeArgv(target))).exitCode).not.toBe(0);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses writes after the guest remounts / read-write', async () => {
    const target = probe(packageDir);
    await a.exec(['mount', '-o', 'remount,rw', '/']);
    try {
      const result = await a.exec(writeArgv(target));
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/Read-only file system/);
      expect(existsSync(target)).toBe(false);
    } finally {
      await a.exec(['mount', '-o', 'remount,ro', '/']);
      rmSync(target, { force: true });
    }
  });

  it('refuses writes through a fresh read-write hostfs mount, to the repo and to /tmp', async () => {
    await a.exec(['mkdir', '-p', '/tmp/hostroot']);
    const mount = await a.exec(['mount', '-t', 'hostfs', '-o', '/', 'none', '/tmp/hostroot']);
    expect(mount.exitCode, mount.stderr).toBe(0);
    try {
      for (const target of [probe('/tmp'), probe(packageDir)]) {
        const result = await a.exec(writeArgv(join('/tmp/hostroot', target)));
        expect(result.exitCode).not.toBe(0);
        expect(existsSync(target)).toBe(false);
      }
    } finally {
      await a.exec(['umount', '/tmp/hostroot']);
    }
  });
});

describe('the state dir', () => {
  it('is writable, seen by the host, and survives a reboot of the guest', async () => {
    const bootId = (await b.exec(['cat', '/proc/sys/kernel/random/boot_id'])).stdout;
    const write = await b.exec(['sh', '-c', 'echo kept > /var/lib/underlay/marker']);
    expect(write.exitCode, write.stderr).toBe(0);
    expect(readFileSync(join(b.stateDir, 'marker'), 'utf8')).toBe('kept\n');

    await rebootHost(lab, 'host-b');

    expect((await b.exec(['cat', '/proc/sys/kernel/random/boot_id'])).stdout).not.toBe(bootId);
    expect((await b.exec(['cat', '/var/lib/underlay/marker'])).stdout).toBe('kept\n');
  });
});
