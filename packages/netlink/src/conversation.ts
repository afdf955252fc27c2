import type { startIp } from './exec.js';

// A long-lived child process spoken to over pipes (the ip session, the
// namespace forker): its output is collected as it arrives, and a waiter is
// woken on every chunk and on exit.

/** A child process and what it has said since the last request. */
export interface Conversation {
  argv: string[];
  child: ReturnType<typeof startIp>['child'];
  stdout: string;
  stderr: string;
  alive: boolean;
  /** Exit code once the process ended (-1 when it never ran or was killed). */
  exited: Promise<number>;
  /** Called whenever output arrives or the process ends. */
  wake: (() => void) | undefined;
}

/** Wraps a started child: collects stdout/stderr as text and notes its end. */
export function converse(started: { argv: string[]; child: Conversation['child'] }): Conversation {
  const { argv, child } = started;
  const c: Conversation = {
    argv,
    child,
    stdout: '',
    stderr: '',
    alive: true,
    exited: Promise.resolve(-1),
    wake: undefined,
  };
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    c.stdout += d;
    c.wake?.();
  });
  child.stderr?.on('data', (d: string) => {
    c.stderr += d;
    c.wake?.();
  });
  child.stdin?.on('error', () => undefined); // a write after exit: the exit itself is reported
  c.exited = child
    .then(
      (r) => r.exitCode ?? -1,
      () => -1,
    )
    .then((code) => {
      c.alive = false;
      c.wake?.();
      return code;
    });
  return c;
}

/** Ends the process (if it still runs) and waits for it. */
export async function stopConversation(c: Conversation | undefined): Promise<void> {
  if (!c) return;
  if (c.alive) c.child.kill('SIGKILL');
  await c.exited;
}

/**
 * Clears the collected output, writes `text`, and waits until `answered`
 * returns a value (checked on every chunk), the process ends, or the timeout.
 */
export function request<T>(
  c: Conversation,
  text: string,
  answered: (c: Conversation) => T | undefined,
  timeoutMs: number,
): Promise<{ outcome: 'answered'; value: T } | { outcome: 'exited' | 'timeout' }> {
  c.stdout = '';
  c.stderr = '';
  c.child.stdin?.write(text);
  return new Promise((resolve) => {
    const finish = (r: { outcome: 'answered'; value: T } | { outcome: 'exited' | 'timeout' }) => {
      clearTimeout(timer);
      c.wake = undefined;
      resolve(r);
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), timeoutMs);
    c.wake = () => {
      const value = answered(c);
      if (value !== undefined) finish({ outcome: 'answered', value });
      else if (!c.alive) finish({ outcome: 'exited' });
    };
    c.wake();
  });
}
