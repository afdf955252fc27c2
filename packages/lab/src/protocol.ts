// The exec channel's wire format, shared by the guest's server and the host's
// client: newline-delimited JSON, one object per line, answers matched by id.
import { z } from 'zod';

export const EXEC_PORT = 7071;
export const AGENT_PORT = 7070;
/** The hub's fleet store, exposed by the relay on 192.0.2.1 in the lab's namespace. */
export const HUB_STORE_PORT = 7480;

export const execRequestSchema = z.object({
  id: z.number().int(),
  type: z.literal('exec'),
  argv: z.array(z.string()).min(1, 'argv needs at least the program to run'),
  timeoutMs: z.number().int().positive().optional(),
  input: z.string().optional(),
});

export const callRequestSchema = z.object({
  id: z.number().int(),
  type: z.literal('call'),
  module: z.string().startsWith('/', 'module must be an absolute path'),
  fn: z.string().min(1),
  args: z.array(z.unknown()),
});

export const pingRequestSchema = z.object({ id: z.number().int(), type: z.literal('ping') });

export const requestSchema = z.discriminatedUnion('type', [
  execRequestSchema,
  callRequestSchema,
  pingRequestSchema,
]);
export type Request = z.infer<typeof requestSchema>;
export type ExecRequest = z.infer<typeof execRequestSchema>;
export type CallRequest = z.infer<typeof callRequestSchema>;

export const execResponseSchema = z.object({
  id: z.number().int(),
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  signal: z.string().optional(),
});

export const errorShapeSchema = z.looseObject({ name: z.string(), message: z.string() });

export const valueResponseSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: errorShapeSchema }),
]);

export type ExecResponse = z.infer<typeof execResponseSchema>;
export type ValueResponse = z.infer<typeof valueResponseSchema>;
export type ErrorShape = z.infer<typeof errorShapeSchema>;

/** One message as one line: JSON never contains a raw newline. */
export function encodeMessage(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a byte stream into lines; a line may arrive across several chunks. */
export class LineDecoder {
  private pending = '';

  push(chunk: string): string[] {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '');
  }

  /** Bytes received after the last newline (a truncated message). */
  get rest(): string {
    return this.pending;
  }
}

/** An Error as plain data, keeping the own props callers test on (code, errno…). */
export function serializeError(error: unknown): ErrorShape {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) own[key] = toJsonSafe(value);
  return { ...own, name: error.name, message: error.message };
}

function toJsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

/** A `call` that failed in the guest, rebuilt on the host with the same name and props. */
export class GuestCallError extends Error {
  [key: string]: unknown;

  constructor(shape: ErrorShape) {
    super(shape.message);
    Object.assign(this, shape);
    this.name = shape.name;
  }
}
