import { describe, expect, it } from 'vitest';
import { hostIndex, hostName, planLab, validateLabOptions } from '../src/config.js';
import { readEnv } from '../src/env.js';

describe('lab options', () => {
  it.each([1, 2, 8])('accepts %i hosts', (hosts) => {
    expect(() => validateLabOptions({ name: 'lab', hosts })).not.toThrow();
  });

  it.each([0, 9, 2.5, Number.NaN])('refuses %s hosts, naming the field', (hosts) => {
    expect(() => validateLabOptions({ name: 'lab', hosts })).toThrow(/^hosts/);
  });

  it.each(['lab', 'dev-lab', 'netlink', 'a1'])('accepts the name %s', (name) => {
    expect(() => validateLabOptions({ name, hosts: 2 })).not.toThrow();
  });

  it.each(['', 'Lab', '1lab', 'a b', 'x'.repeat(16), 'lab-', '../etc', 'lab;rm'])(
    'refuses the name %j',
    (name) => {
      expect(() => validateLabOptions({ name, hosts: 2 })).toThrow(/lab name/);
    },
  );
});

describe('planLab', () => {
  const plan = planLab({ name: 'dev-lab', hosts: 3, baseDir: '/run/underlay-lab' });

  it('names the namespace and run dir after the lab', () => {
    expect(plan.netns).toBe('underlay-dev-lab');
    expect(plan.runDir).toBe('/run/underlay-lab/dev-lab');
  });

  it('gives host N the name host-<letter>, address 192.0.2.(10+N) and its own sockets', () => {
    const b = plan.hosts[1];
    expect(b).toMatchObject({
      name: 'host-b',
      index: 2,
      mgmtAddress: '192.0.2.12',
      umid: 'underlay-dev-lab-host-b',
      agentSocket: '/run/underlay-lab/dev-lab/host-b.sock',
      execSocket: '/run/underlay-lab/dev-lab/host-b.exec.sock',
      stateDir: '/run/underlay-lab/dev-lab/host-b/state',
      tapTrunk: 'tap-b-trunk',
      macMgmt: '02:00:00:00:02:02',
    });
  });

  it('keeps tap names within the 15-byte limit of Linux', () => {
    for (const host of planLab({ name: 'x', hosts: 8, baseDir: '/r' }).hosts) {
      expect(host.tapTrunk.length).toBeLessThanOrEqual(15);
      expect(host.tapMgmt.length).toBeLessThanOrEqual(15);
    }
  });

  it('refuses a base dir too long for unix socket paths', () => {
    expect(() => planLab({ name: 'lab', hosts: 1, baseDir: `/${'d'.repeat(90)}` })).toThrow(
      /UNDERLAY_LAB_DIR/,
    );
  });

  it('maps host names to indexes and back', () => {
    expect(hostName(1)).toBe('host-a');
    expect(hostIndex('host-h')).toBe(8);
    expect(hostIndex('host-i')).toBeUndefined();
    expect(hostIndex('a')).toBeUndefined();
  });
});

describe('readEnv', () => {
  it('defaults the base dir and reads the suite variables', () => {
    expect(readEnv({})).toEqual({ UNDERLAY_LAB_DIR: '/run/underlay-lab' });
    expect(readEnv({ UNDERLAY_LAB_HOSTS: '3', UNDERLAY_LAB_AGENT: '1' })).toMatchObject({
      UNDERLAY_LAB_HOSTS: 3,
      UNDERLAY_LAB_AGENT: '1',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => readEnv({ UNDERLAY_LAB_DIR: 'relative' })).toThrow(
      /^UNDERLAY_LAB_DIR: .*absolute/,
    );
    expect(() => readEnv({ UNDERLAY_LAB_AGENT: 'yes' })).toThrow(/^UNDERLAY_LAB_AGENT/);
  });
});
