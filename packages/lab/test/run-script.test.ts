import { describe, expect, it } from 'vitest';
import { runScript } from '../src/index.js';
import type { ExecResult, LabHost } from '../src/types.js';

// A stand-in host that records the argv it was given and answers with `result`.
function hostAnswering(result: ExecResult): LabHost & { argvs: string[][] } {
  const argvs: string[][] = [];
  return {
    name: 'host-a',
    index: 1,
    mgmtAddress: '192.0.2.11',
    agentSocket: '/nonexistent/host-a.sock',
    execSocket: '/nonexistent/host-a.exec.sock',
    stateDir: '/nonexistent/state',
    argvs,
    exec: async (argv) => {
      argvs.push(argv);
      return result;
    },
    call: async () => {
      throw new Error('not used');
    },
  };
}

describe('runScript', () => {
  it('runs the script as one sh -c argument and returns its stdout', async () => {
    const host = hostAnswering({ exitCode: 0, stdout: '1 2\n', stderr: '' });
    expect(await runScript(host, 'echo 1 2')).toBe('1 2\n');
    expect(host.argvs).toEqual([['sh', '-c', 'echo 1 2']]);
  });

  it('throws on a non-zero exit, naming the host, the script, the status and its stderr', async () => {
    const host = hostAnswering({ exitCode: 2, stdout: '', stderr: 'ip: no such device\n' });
    await expect(runScript(host, 'ip link del x')).rejects.toThrow(
      'host-a: ip link del x failed (exit 2): ip: no such device',
    );
  });
});
