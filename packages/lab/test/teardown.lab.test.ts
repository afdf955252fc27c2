import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startLab, stopLab } from '../src/index.js';

// Read the machine directly, not through the lab's own checks.
function umlProcesses(name: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter(
      (line) =>
        line.includes(`umid=underlay-${name}-host-`) ||
        (line.includes('relay.js') && line.includes(`/${name}/`)),
    );
}

function netnsList(): string {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
}

describe('stopLab', () => {
  it('leaves no UML process, relay, tap or namespace of the lab, and is idempotent', async () => {
    const name = 'lab-teardown';
    const lab = await startLab({ name, hosts: 1 });
    expect(umlProcesses(name).length).toBeGreaterThan(0);
    expect(netnsList()).toContain(`underlay-${name}`);
    const taps = execFileSync(
      'ip',
      ['-n', `underlay-${name}`, '-o', 'link', 'show', 'type', 'tun'],
      { encoding: 'utf8' },
    );
    expect(taps).toContain('tap-a-trunk');

    await stopLab({ name });

    expect(umlProcesses(name)).toEqual([]);
    expect(
      netnsList()
        .split('\n')
        .map((line) => line.split(' ')[0]),
    ).not.toContain(`underlay-${name}`);
    expect(existsSync(lab.runDir)).toBe(false);
    await expect(stopLab({ name })).resolves.toBeUndefined();
  });
});
