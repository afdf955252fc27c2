import { DomainError, issue } from '@underlay/core';
import { NetlinkError } from '@underlay/netlink';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { domainDataOf, toTrpcError, trpcCodeOf, zodIssues, zodMessage } from '../src/router/errors';

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

// Issue 16's corpus: a raw tRPC call with a bad shape gets one issue per
// mistake, each naming its field (an unknown key is its own field) and a fix.
describe('zod input errors, as a person reads them', () => {
  const schema = z
    .object({
      network: z.string().min(1),
      count: z.number().int().max(10).optional(),
      family: z.union([z.literal(4), z.literal(6)]).optional(),
    })
    .strict();
  const issuesOf = (input: unknown) => zodIssues(schema.safeParse(input).error!);

  it('names an unknown key as the field, with "remove it" as the fix', () => {
    expect(issuesOf({ network: 'n', colour: 1 })).toEqual([
      expect.objectContaining({ path: ['colour'], hint: 'Remove it, or check its spelling.' }),
    ]);
  });
  it('makes a renamed field (unknown key beside the missing one) one issue', () => {
    const [only, ...rest] = issuesOf({ name: 'n' });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ path: ['network'], hint: 'Rename it to "network".' });
    expect(only?.message).toContain('"name" is not a field here');
  });
  it('says what to send for a wrong type, a bound, and a union of literals', () => {
    expect(issuesOf({ network: 1 })[0]?.hint).toBe('Send a string.');
    expect(issuesOf({ network: 'n', count: 11 })[0]?.hint).toBe('Use a number at most 10.');
    expect(issuesOf({ network: 'n', family: 5 })[0]?.hint).toBe('Use one of: 4, 6.');
    expect(issuesOf({})[0]?.hint).toBe('It is required: send a string.');
  });
  it('writes one line per issue with core paths (ipam[0].subnet, not ipam.0.subnet)', () => {
    const nested = z.object({ ipam: z.array(z.object({ subnet: z.string() }).strict()) });
    const error = nested.safeParse({ ipam: [{ subnet: 1 }] }).error!;
    expect(zodMessage(error)).toBe(
      'ipam[0].subnet: expected string, received number. Send a string.',
    );
  });
});
