import { DomainError, issue } from '@underlay/core';
import { NetlinkError } from '@underlay/netlink';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { domainDataOf, toTrpcError, trpcCodeOf } from '../src/router/errors';

describe('error mapping', () => {
  it.each([
    ['NOT_FOUND', 'NOT_FOUND'],
    ['NETWORK_EXISTS', 'CONFLICT'],
    ['PARENT_IN_USE', 'CONFLICT'],
    ['PARENT_MODE_CONFLICT', 'CONFLICT'],
    ['SUBNET_OVERLAP', 'CONFLICT'],
    ['ADDRESS_IN_USE', 'CONFLICT'],
    ['INVALID_MODE', 'BAD_REQUEST'],
    ['UNKNOWN_OPTION', 'BAD_REQUEST'],
    ['PARENT_LOOPBACK', 'BAD_REQUEST'],
    ['KERNEL_ERROR', 'INTERNAL_SERVER_ERROR'],
    ['KERNEL_UNSUPPORTED', 'INTERNAL_SERVER_ERROR'],
    ['ROLLED_BACK', 'INTERNAL_SERVER_ERROR'],
  ] as const)('%s → %s', (code, trpc) => {
    expect(trpcCodeOf(code)).toBe(trpc);
  });

  it('carries code, path, hint and issues of a DomainError', () => {
    const err = new DomainError(
      issue(
        'INVALID_MODE',
        ['options', 'ipvlan_mode'],
        'mode "L2" is not one of l2, l3, l3s',
        'Use lower case.',
      ),
    );
    const mapped = toTrpcError(err);
    expect(mapped?.code).toBe('BAD_REQUEST');
    expect(domainDataOf(err)).toMatchObject({
      code: 'INVALID_MODE',
      path: ['options', 'ipvlan_mode'],
      hint: 'Use lower case.',
    });
  });

  it('maps a NetlinkError to KERNEL_ERROR with its errno', () => {
    const err = new NetlinkError({
      op: 'linkAdd',
      argv: ['ip', 'link', 'add'],
      errno: 'EEXIST',
      stderr: 'RTNETLINK answers: File exists',
    });
    expect(toTrpcError(err)?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(domainDataOf(err)).toMatchObject({ code: 'KERNEL_ERROR', errno: 'EEXIST' });
  });

  it('maps a zod input error to INVALID_INPUT with the field path', () => {
    const parsed = z.object({ name: z.string() }).strict().safeParse({ name: 1 });
    expect(parsed.success).toBe(false);
    const data = domainDataOf(parsed.error);
    expect(data).toMatchObject({ code: 'INVALID_INPUT', path: ['name'] });
  });

  it('leaves other errors alone', () => {
    expect(toTrpcError(new Error('bug'))).toBeUndefined();
  });
});
