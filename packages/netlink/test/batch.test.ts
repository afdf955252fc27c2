import { describe, expect, it } from 'vitest';
import { batchFailureIndex } from '../src/batch.js';
import type { BatchOp } from '../src/batch-op.js';
import { forcedBatchFailures } from '../src/probe.js';

const ops: BatchOp[] = [
  { op: 'linkAdd', spec: { kind: 'dummy', name: 'd0' } },
  { op: 'linkSetNetns', name: 'd0', target: 'c1' },
  { op: 'linkSetNetns', name: 'd1', target: 'gone' },
];

// stderr texts as iproute2 6.1 printed them on this machine (see the lab tests for the kernel runs).
describe('which batch op failed', () => {
  it('reads "Command failed -:N" (1-based line) as index N-1', () => {
    expect(batchFailureIndex('RTNETLINK answers: File exists\nCommand failed -:2\n', ops)).toBe(1);
    expect(batchFailureIndex('Cannot find device "nope"\nCommand failed -:1\n', ops)).toBe(0);
  });
  it('finds the op by the namespace it names when iproute2 exits on a bad argument', () => {
    expect(batchFailureIndex('Error: argument "gone" is wrong: Invalid "netns" value\n', ops)).toBe(
      2,
    );
  });
  it('is undefined when stderr does not say', () => {
    expect(batchFailureIndex('Segmentation fault\n', ops)).toBeUndefined();
  });
});

describe('-force batch failures (the probe)', () => {
  it('attributes each message to its line', () => {
    const stderr =
      'Error: Unknown device type.\nCommand failed -:2\nRTNETLINK answers: File exists\nCommand failed -:4\n';
    expect([...forcedBatchFailures(stderr)]).toEqual([
      [1, 'Error: Unknown device type.'],
      [3, 'RTNETLINK answers: File exists'],
    ]);
  });
});
