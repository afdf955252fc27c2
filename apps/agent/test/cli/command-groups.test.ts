import { describe, expect, it } from 'vitest';
import { commandWord } from '../../src/cli/command-groups';
import type { CliIo } from '../../src/cli/context';
import { buildProgram, runCli } from '../../src/cli/program';

// Only the group a command line names is registered (command-groups.ts); help,
// no command and unknown commands still see every group.

const io = (out: string[]): CliIo => ({
  stdout: (text) => void out.push(text),
  stderr: (text) => void out.push(text),
  env: {},
  cwd: '/',
  connect: async () => {
    throw new Error('no agent in this test');
  },
  untilStopped: async () => {},
  runAgent: async () => {},
});

const ALL = [
  'network',
  'container',
  'ping',
  'host',
  'route',
  'events',
  'agent',
  'plan',
  'apply',
  'export',
];
const registered = (args: string[]): string[] =>
  buildProgram(io([]), { exitCode: 0 }, args).commands.map((c) => c.name());

describe('commandWord', () => {
  it.each([
    [['network', 'ls'], 'network'],
    [['-H', '/run/a.sock', 'container', 'create', 'c1'], 'container'],
    [['--host', 'ws://x:1', '--tls-ca', 'ca.pem', 'ping', 'c1', '10.0.0.1'], 'ping'],
    [['--host=/run/a.sock', 'route', 'ls'], 'route'],
    [['-v'], undefined],
    [[], undefined],
  ])('%j -> %s', (args, word) => expect(commandWord(args)).toBe(word));
});

describe('registration', () => {
  it('registers only the group the command names', () => {
    expect(registered(['container', 'create', 'c1'])).toEqual(['container']);
    expect(registered(['-H', '/s', 'network', 'rm', 'n1'])).toEqual(['network']);
    expect(registered(['host', 'info'])).toEqual(['ping', 'host']);
  });

  it.each([[[]], [['--help']], [['network', '--help']], [['help']], [['netwrk', 'ls']]])(
    'registers every group for %j',
    (args) => expect(registered(args)).toEqual(ALL),
  );

  it('still suggests the command a typo meant, and lists every command in help', async () => {
    const out: string[] = [];
    expect(await runCli(['netwrk'], io(out))).toBe(2);
    expect(out.join('')).toMatch(/Did you mean network\?/);
    const help: string[] = [];
    expect(await runCli(['--help'], io(help))).toBe(0);
    for (const name of ALL) expect(help.join('')).toContain(name);
  });

  it('a group on its own parses and runs its command as before', async () => {
    const out: string[] = [];
    expect(await runCli(['container', 'create'], io(out))).toBe(2);
    expect(out.join('')).toMatch(/missing required argument 'name'/);
  });
});
