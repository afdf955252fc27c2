import { TRPCClientError } from '@trpc/client';
import type { Issue } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error';
import { agentErrorLines, renderError } from '../../src/cli/render-error';

const modeIssue: Issue = {
  code: 'INVALID_MODE',
  path: ['options', 'ipvlan_mode'],
  message: 'ipvlan_mode "L2" is not valid:',
  hint: 'use one of l2, l3, l3s.',
  severity: 'error',
};

describe('renderError', () => {
  it('prints each refusing issue of a domain error with its field and hint', () => {
    const warn: Issue = {
      ...modeIssue,
      code: 'GATEWAY_IGNORED_L3',
      severity: 'warning',
      message: 'ignored',
    };
    const second: Issue = {
      code: 'SUBNET_OVERLAP',
      path: ['ipam', 1, 'subnet'],
      message: '10.0.0.0/24 overlaps network a.',
      severity: 'error',
    };
    expect(
      agentErrorLines('whatever', {
        code: 'INVALID_MODE',
        path: ['options', 'ipvlan_mode'],
        issues: [modeIssue, warn, second],
      }),
    ).toEqual([
      'Error response from agent: options.ipvlan_mode: ipvlan_mode "L2" is not valid: use one of l2, l3, l3s.',
      'Error response from agent: ipam[1].subnet: 10.0.0.0/24 overlaps network a.',
    ]);
  });

  it('adds the path and hint to a bare message, without repeating them', () => {
    expect(
      agentErrorLines('network x not found.', {
        code: 'NOT_FOUND',
        path: ['network'],
        hint: 'see network ls.',
        issues: [],
      }),
    ).toEqual(['Error response from agent: network: network x not found. see network ls.']);
    expect(
      agentErrorLines('network: network x not found. see network ls.', {
        code: 'NOT_FOUND',
        path: ['network'],
        hint: 'see network ls.',
        issues: [],
      }),
    ).toEqual(['Error response from agent: network: network x not found. see network ls.']);
    expect(agentErrorLines('boom', undefined)).toEqual(['Error response from agent: boom']);
  });

  it('reads data.domain from a TRPCClientError, exit 1', () => {
    const error = new TRPCClientError('ipvlan_mode "L2" is not valid', {
      result: {
        error: {
          code: -32600,
          message: 'x',
          data: {
            code: 'BAD_REQUEST',
            domain: {
              code: 'INVALID_MODE',
              path: modeIssue.path,
              hint: modeIssue.hint,
              issues: [modeIssue],
            },
          },
        },
      },
    });
    expect(renderError(error)).toEqual({
      exitCode: 1,
      lines: [
        'Error response from agent: options.ipvlan_mode: ipvlan_mode "L2" is not valid: use one of l2, l3, l3s.',
      ],
    });
  });

  it('keeps CliError lines and exit codes; anything else is one Error line, no stack', () => {
    expect(renderError(new CliError('Error: x', 2))).toEqual({ lines: ['Error: x'], exitCode: 2 });
    expect(renderError(new Error('disk full'))).toEqual({
      lines: ['Error: disk full'],
      exitCode: 1,
    });
  });
});
