import { describe, expect, it } from 'vitest';
import {
  GuestCallError,
  LineDecoder,
  encodeMessage,
  requestSchema,
  serializeError,
} from '../src/protocol.js';

describe('framing', () => {
  it('puts one message on one line, even when strings hold newlines', () => {
    const line = encodeMessage({ id: 1, type: 'exec', argv: ['printf', 'a\nb'] });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ id: 1, type: 'exec', argv: ['printf', 'a\nb'] });
  });

  it('reassembles messages split across chunks and separates those sharing one', () => {
    const decoder = new LineDecoder();
    const stream = encodeMessage({ id: 1 }) + encodeMessage({ id: 2 });
    expect(decoder.push(stream.slice(0, 4))).toEqual([]);
    expect(decoder.push(stream.slice(4, 12))).toEqual(['{"id":1}']);
    expect(decoder.push(stream.slice(12))).toEqual(['{"id":2}']);
    expect(decoder.rest).toBe('');
  });
});

describe('requests', () => {
  it('accepts exec, call and ping', () => {
    expect(
      requestSchema.safeParse({
        id: 1,
        type: 'exec',
        argv: ['ip', 'link'],
        timeoutMs: 100,
        input: 'x',
      }).success,
    ).toBe(true);
    expect(
      requestSchema.safeParse({ id: 2, type: 'call', module: '/m.mjs', fn: 'f', args: [1] })
        .success,
    ).toBe(true);
    expect(requestSchema.safeParse({ id: 3, type: 'ping' }).success).toBe(true);
  });

  it('refuses an empty argv, a relative module path and unknown types', () => {
    expect(requestSchema.safeParse({ id: 1, type: 'exec', argv: [] }).success).toBe(false);
    expect(requestSchema.safeParse({ id: 1, type: 'exec', argv: 'ip link' }).success).toBe(false);
    expect(
      requestSchema.safeParse({ id: 2, type: 'call', module: 'm.mjs', fn: 'f', args: [] }).success,
    ).toBe(false);
    expect(requestSchema.safeParse({ id: 3, type: 'shell', command: 'ls' }).success).toBe(false);
  });
});

describe('errors as data', () => {
  it('keeps name, message and own props, and rebuilds them on the host', () => {
    const error = Object.assign(new RangeError('no such link'), {
      errno: 'ENODEV',
      op: { verb: 'linkDel' },
    });
    const shape = serializeError(error);
    expect(shape).toEqual({
      name: 'RangeError',
      message: 'no such link',
      errno: 'ENODEV',
      op: { verb: 'linkDel' },
    });
    const rebuilt = new GuestCallError(JSON.parse(JSON.stringify(shape)));
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.name).toBe('RangeError');
    expect(rebuilt.message).toBe('no such link');
    expect(rebuilt.errno).toBe('ENODEV');
  });

  it('turns a thrown non-Error into a message', () => {
    expect(serializeError('boom')).toEqual({ name: 'Error', message: 'boom' });
  });
});
