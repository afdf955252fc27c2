// Prints the lab's costs on this machine: `lab up 2`, `lab down`, host memory
// per guest (MemAvailable delta, since UML's processes share memory), and
// one exec / one call round trip. Usage: pnpm --filter @underlay/lab run measure [ROUNDS]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, stopLab } from '../src/index.js';
import { packageDir } from '../src/paths.js';
import { findProcesses } from '../src/proc-scan.js';

function memAvailableMiB(): number {
  const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const range = (values: number[], digits = 1) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)} (median ${median(values).toFixed(digits)})`;

/** Proportional set size of a guest's processes: shared pages counted once in total. */
function guestPssMiB(umid: string): number {
  let kb = 0;
  for (const proc of findProcesses((argv) => argv.includes(`umid=${umid}`))) {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${proc.pid}/smaps_rollup`, 'utf8'));
    kb += Number(match?.[1] ?? 0);
  }
  return kb / 1024;
}

const rounds = Number(process.argv[2] ?? 3);
const name = 'lab-measure';
const fixture = join(packageDir, 'test', 'fixtures', 'echo-module.mjs');
const up: number[] = [];
const down: number[] = [];
const memory: number[] = [];
const pss: number[] = [];
const exec: number[] = [];
const call: number[] = [];

for (let round = 0; round < rounds; round++) {
  await stopLab({ name });
  const before = memAvailableMiB();
  let t = performance.now();
  const lab = await startLab({ name, hosts: 2 });
  up.push((performance.now() - t) / 1000);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  memory.push((before - memAvailableMiB()) / 2);
  pss.push(guestPssMiB(`underlay-${name}-host-a`), guestPssMiB(`underlay-${name}-host-b`));
  const a = lab.host('host-a');
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    await a.exec(['ip', 'link', 'show', 'dev', 'eth0']);
    exec.push(performance.now() - t);
    t = performance.now();
    await a.call(fixture, 'add', i, 1);
    call.push(performance.now() - t);
  }
  t = performance.now();
  await lab.down();
  down.push((performance.now() - t) / 1000);
}

console.log(`rounds: ${rounds}`);
console.log(`lab up 2 (s):              ${range(up)}`);
console.log(`lab down, 2 guests (s):    ${range(down)}`);
console.log(`host memory per guest (MiB, MemAvailable delta): ${range(memory, 0)}`);
console.log(`host memory per guest (MiB, PSS of its UML processes): ${range(pss, 0)}`);
console.log(`exec ip link (ms):         ${range(exec, 0)}`);
console.log(`call (ms, module cached):  ${range(call, 0)}`);
