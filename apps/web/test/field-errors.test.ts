import { describe, expect, it } from 'vitest';
import {
  domainErrors,
  hasErrors,
  mergeErrors,
  onHosts,
  plainText,
  visibleErrors,
  withoutKeys,
} from '../src/lib/field-errors';

// The forms' error rules (issue 19 problem 6): plain words, nothing shown on
// a form just opened, old refusals gone when their input changes.

describe('field errors', () => {
  it("says core's message and hint without field, host or CLI-flag prefixes", () => {
    expect(plainText('--ip "abc" is not an IP address.', 'Give one like 192.168.1.10.')).toBe(
      'IPv4 address "abc" is not an IP address. Give one like 192.168.1.10.',
    );
    expect(plainText('--ip6 "x" is zoned.')).toBe('IPv6 address "x" is zoned.');
    expect(plainText('first line\nsecond line')).toBe('First line');
  });

  it('puts a refusal under the field of each issue, in plain words, naming the host when it does not', () => {
    const errors = domainErrors(
      {
        code: 'INVALID_ADDRESS',
        path: ['ipv4Address'],
        message: 'ipv4Address: --ip "abc" is not an IP address. Fix it.',
        issues: [
          {
            code: 'INVALID_ADDRESS',
            path: ['ipv4Address'],
            message: '--ip "abc" is not an IP address.',
            hint: 'Fix it.',
            severity: 'error',
          },
        ],
      },
      (path) => path.join('.'),
      ['host-b'],
    );
    expect(errors).toEqual({
      ipv4Address: [
        {
          text: 'On host-b: IPv4 address "abc" is not an IP address. Fix it.',
          code: 'INVALID_ADDRESS',
          severity: 'error',
        },
      ],
    });
  });

  it('strips the path prefix of a message that comes without issues', () => {
    const errors = domainErrors(
      { code: 'X', path: ['name'], message: 'name: host "a" is taken.' },
      (path) => path.join('.'),
    );
    expect(errors.name?.[0]?.text).toBe('Host "a" is taken.');
  });

  it('keeps a host name already in the message as it is', () => {
    expect(onHosts('eth9 does not exist on host-a.', ['host-a'])).toBe(
      'eth9 does not exist on host-a.',
    );
    expect(onHosts('Anything.', [''])).toBe('Anything.');
  });

  it('shows nothing of a field before it is left or the form submitted, except warnings', () => {
    const all = mergeErrors(
      { name: [{ text: 'Network name is empty.', code: 'A', severity: 'error' }] },
      { gateway: [{ text: 'Ignored in L3.', code: 'B', severity: 'warning' }] },
    );
    expect(visibleErrors(all, () => false)).toEqual({ gateway: all.gateway });
    expect(visibleErrors(all, (k) => k === 'name')).toEqual(all);
    expect(hasErrors(visibleErrors(all, () => false))).toBe(false);
  });

  it('drops the changed fields and the form-wide errors', () => {
    const e = { text: 't', code: 'C', severity: 'error' as const };
    expect(withoutKeys({ name: [e], subnet: [e], form: [e] }, ['name'])).toEqual({ subnet: [e] });
  });
});
