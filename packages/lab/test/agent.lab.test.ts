import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, startLab, stopAgent, type Lab } from '../src/index.js';
import { packageDir } from '../src/paths.js';

// Its own lab (named after the run's, so parallel runs never share it): the shared one runs without an agent.
let lab: Lab;

function askAgent(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(socketPath);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

async function until<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  lab = await startLab({
    name: `${process.env.UNDERLAY_LAB_NAME ?? 'lab-test'}-agent`,
    hosts: 1,
    agent: true,
    agentEntry: join(packageDir, 'test', 'fixtures', 'fake-agent.mjs'),
  });
});

afterAll(async () => {
  await lab?.down();
});

describe('the agent in a guest', () => {
  // Issue 16: right after `lab up` the first CLI call found no token. startLab
  // returns only when each agent has written its token and answers, so the
  // very first try here, with no retry, must succeed.
  it('has written its token and answers as soon as startLab returns', async () => {
    const host = lab.host('host-a');
    const answer = await askAgent(host.agentSocket);
    expect(answer).toMatch(/^agent \d+\n$/);
    expect(readFileSync(join(host.stateDir, 'token'), 'utf8')).toMatch(/^token-\d+\n$/);
  });

  it('is reached through the agent socket and writes its token to the state dir', async () => {
    const host = lab.host('host-a');
    const answer = await until(
      () => askAgent(host.agentSocket),
      (text) => text.startsWith('agent '),
    );
    const pid = answer.trim().split(' ')[1];
    expect(readFileSync(join(host.stateDir, 'token'), 'utf8')).toBe(`token-${pid}\n`);
  });

  it('stays down after stopAgent and comes back, as a new process, after startAgent', async () => {
    const host = lab.host('host-a');
    const before = await until(
      () => askAgent(host.agentSocket),
      (text) => text.startsWith('agent '),
    );
    await stopAgent(lab, 'host-a');
    // With nothing listening in the guest, the relay closes the connection at once.
    const answers = () =>
      askAgent(host.agentSocket).then(
        (text) => text.startsWith('agent '),
        () => false,
      );
    await until(answers, (up) => !up);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await answers()).toBe(false);
    await startAgent(lab, 'host-a');
    const after = await until(
      () => askAgent(host.agentSocket),
      (text) => text.startsWith('agent '),
    );
    expect(after).not.toBe(before);
  });

  it('is restarted by init when it dies', async () => {
    const host = lab.host('host-a');
    const before = await until(
      () => askAgent(host.agentSocket),
      (text) => text.startsWith('agent '),
    );
    const pid = before.trim().split(' ')[1] as string;
    expect((await host.exec(['kill', pid])).exitCode).toBe(0);
    const after = await until(
      () => askAgent(host.agentSocket),
      (text) => text.startsWith('agent ') && text !== before,
    );
    expect(after).not.toBe(before);
  });
});
