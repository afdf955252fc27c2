// The last lines of each guest's console, for the reports of a failed boot.
import { readFileSync } from 'node:fs';
import type { HostPlan } from './config.js';

export function consoleTail(host: HostPlan, lines = 25): string {
  let text: string;
  try {
    text = readFileSync(host.consoleLog, 'utf8');
  } catch {
    return '(no console log)';
  }
  // Kernel stack dumps are long and say little here.
  const useful = text.split('\n').filter((line) => !/^\s*\[<[0-9a-f]+>\]/.test(line));
  return useful.slice(-lines).join('\n');
}

export function consoleTails(hosts: HostPlan[], lines = 25): string {
  return hosts
    .map(
      (host) => `--- console of ${host.name} (${host.consoleLog}) ---\n${consoleTail(host, lines)}`,
    )
    .join('\n');
}
