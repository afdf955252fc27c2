// The exec channel's server, run inside each guest by its init on the mgmt
// address. Lab-only: only the lab's namespace reaches that address. Programs
// are spawned from argv arrays, never through a shell.
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  LineDecoder,
  encodeMessage,
  requestSchema,
  serializeError,
  type CallRequest,
  type ExecRequest,
  type ExecResponse,
  type ValueResponse,
} from '../protocol.js';

const modules = new Map<string, Promise<Record<string, unknown>>>();

function runExec(request: ExecRequest): Promise<ExecResponse> {
  return new Promise((resolve) => {
    const [file, ...args] = request.argv as [string, ...string[]];
    const child = spawn(file, args, {
      timeout: request.timeoutMs,
      killSignal: 'SIGKILL',
      stdio: 'pipe',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(request.input ?? '');
    child.on('error', (error) =>
      resolve({ id: request.id, exitCode: 127, stdout: '', stderr: `${file}: ${error.message}\n` }),
    );
    child.on('close', (code, signal) => {
      const response: ExecResponse = {
        id: request.id,
        exitCode: code ?? 128,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (signal) response.signal = signal;
      resolve(response);
    });
  });
}

async function runCall(request: CallRequest): Promise<ValueResponse> {
  try {
    let loaded = modules.get(request.module);
    if (!loaded) {
      loaded = import(pathToFileURL(request.module).href) as Promise<Record<string, unknown>>;
      modules.set(request.module, loaded);
      loaded.catch(() => modules.delete(request.module));
    }
    const fn = (await loaded)[request.fn];
    if (typeof fn !== 'function')
      throw new TypeError(`${request.module} exports no function named ${request.fn}`);
    const value: unknown = await (fn as (...args: unknown[]) => unknown)(...request.args);
    return { id: request.id, ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return { id: request.id, ok: false, error: serializeError(error) };
  }
}

async function answer(line: string): Promise<unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: -1, ok: false, error: { name: 'ProtocolError', message: 'request is not JSON' } };
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    return { id, ok: false, error: { name: 'ProtocolError', message: parsed.error.message } };
  }
  const request = parsed.data;
  switch (request.type) {
    case 'exec':
      return runExec(request);
    case 'call':
      return runCall(request);
    case 'ping':
      return { id: request.id, ok: true, value: { pid: process.pid, uptime: process.uptime() } };
  }
}

function serve(socket: Socket): void {
  const decoder = new LineDecoder();
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    for (const line of decoder.push(chunk)) {
      void answer(line).then((message) => {
        if (!socket.destroyed) socket.write(encodeMessage(message));
      });
    }
  });
}

function parseListen(argv: string[]): { host: string; port: number } {
  const value = argv[argv.indexOf('--listen') + 1] ?? '';
  const match = /^(.+):(\d+)$/.exec(value);
  if (!match) throw new Error(`--listen must be ADDRESS:PORT, got "${value}"`);
  return { host: match[1] as string, port: Number(match[2]) };
}

const { host, port } = parseListen(process.argv.slice(2));
createServer(serve).listen(port, host, () =>
  console.log(`exec-server listening on ${host}:${port}`),
);
