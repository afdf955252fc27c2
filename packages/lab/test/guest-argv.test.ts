import { describe, expect, it } from 'vitest';
import { planLab } from '../src/config.js';
import { kernelArgv, launchArgv, type GuestFiles } from '../src/guest-argv.js';
import { networkBatch } from '../src/network-plan.js';
import { relayArgv } from '../src/relay-control.js';

const plan = planLab({ name: 'dev-lab', hosts: 2, baseDir: '/run/underlay-lab' });
const host = plan.hosts[0]!;
const files: GuestFiles = {
  wrapper: '/repo/packages/lab/guest/wrapper.sh',
  xstateOff: '/repo/packages/lab/dist/xstate-off',
  kernel: '/usr/bin/linux.uml',
  init: '/repo/packages/lab/guest/init.sh',
  node: '/usr/bin/node',
  labDir: '/repo/packages/lab',
  agentMain: undefined,
};

describe('launchArgv', () => {
  const argv = launchArgv(plan, host, files);

  it('starts a new session inside the lab namespace and a private mount namespace, through the wrapper', () => {
    expect(argv.slice(0, 13)).toEqual([
      'setsid',
      'ip',
      'netns',
      'exec',
      'underlay-dev-lab',
      'unshare',
      '--mount',
      '--propagation',
      'private',
      files.wrapper,
      '/run/underlay-lab/dev-lab',
      '/run/underlay-lab/dev-lab/host-a/ram',
      '--',
    ]);
    expect(argv[13]).toBe(files.xstateOff);
    expect(argv[14]).toBe('/usr/bin/linux.uml');
  });
});

describe('kernelArgv', () => {
  const argv = kernelArgv(host, files);
  const kernel = argv.slice(0, argv.indexOf('--'));
  const init = argv.slice(argv.indexOf('--') + 1);

  it('boots the host filesystem read-only with a unique umid, its own uml_dir and no legacy ptys', () => {
    expect(kernel).toEqual(
      expect.arrayContaining([
        'umid=underlay-dev-lab-host-a',
        'uml_dir=/run/underlay-lab/dev-lab',
        'mem=256M',
        'root=/dev/root',
        'rootfstype=hostfs',
        'rootflags=/',
        'ro',
        `init=${files.init}`,
        'pty.legacy_count=0',
        'con0=null,fd:1',
      ]),
    );
  });

  it('wires the trunk and mgmt taps with fixed MACs', () => {
    expect(kernel).toContain('vec0:transport=tap,ifname=tap-a-trunk,mac=02:00:00:00:01:01');
    expect(kernel).toContain('vec1:transport=tap,ifname=tap-a-mgmt,mac=02:00:00:00:02:01');
  });

  it('passes init its hostname, address, node, lab dir, state dir and "-" for no agent', () => {
    expect(init).toEqual([
      'host-a',
      '192.0.2.11',
      '/usr/bin/node',
      '/repo/packages/lab',
      '/run/underlay-lab/dev-lab/host-a/state',
      '-',
    ]);
    expect(kernelArgv(host, { ...files, agentMain: '/repo/apps/agent/dist/main.js' }).at(-1)).toBe(
      '/repo/apps/agent/dist/main.js',
    );
  });
});

describe('networkBatch', () => {
  it('makes a trunk bridge without address, stp or snooping, a mgmt bridge with the gateway, two taps per guest', () => {
    const lines = networkBatch(plan);
    expect(lines).toContain('link add trunk type bridge stp_state 0 mcast_snooping 0');
    expect(lines).toContain('address add 192.0.2.1/24 dev mgmt');
    expect(lines.filter((line) => line.startsWith('address'))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('tuntap add'))).toHaveLength(4);
    expect(lines).toContain('link set tap-b-trunk master trunk up');
  });
});

describe('relayArgv', () => {
  it('runs node inside the lab namespace with one route per guest port', () => {
    const argv = relayArgv(plan, '/repo/packages/lab/dist/relay.js', '/usr/bin/node');
    expect(argv.slice(0, 7)).toEqual([
      'setsid',
      'ip',
      'netns',
      'exec',
      'underlay-dev-lab',
      '/usr/bin/node',
      '/repo/packages/lab/dist/relay.js',
    ]);
    expect(argv).toContain('/run/underlay-lab/dev-lab/host-a.sock=192.0.2.11:7070');
    expect(argv).toContain('/run/underlay-lab/dev-lab/host-b.exec.sock=192.0.2.12:7071');
    expect(argv.slice(-2)).toEqual(['--pid-file', '/run/underlay-lab/dev-lab/relay.pid']);
  });

  it("exposes the hub's fleet store socket on the lab's 192.0.2.1 only", () => {
    const argv = relayArgv(plan, '/repo/packages/lab/dist/relay.js', '/usr/bin/node');
    const at = argv.indexOf('--expose');
    expect(argv[at + 1]).toBe('192.0.2.1:7480=/run/underlay-lab/dev-lab/hub.sock');
    expect(argv.filter((arg) => arg === '--expose')).toHaveLength(1);
  });
});
