import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error';
import {
  collect,
  keyValueMap,
  normaliseBooleanFlags,
  parseKeyValue,
  parsePositiveInt,
  parseSeconds,
} from '../../src/cli/parse-flags';

const failure = (run: () => unknown): CliError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
};

describe('parseKeyValue', () => {
  it.each([
    ['parent=eth0.10', ['parent', 'eth0.10']],
    ['ipvlan_mode=l3', ['ipvlan_mode', 'l3']],
    ['com.example.note=a=b', ['com.example.note', 'a=b']],
    ['parent=', ['parent', '']],
    [' key =v', ['key', 'v']],
  ])('%s', (text, expected) => {
    expect(parseKeyValue('--opt', text)).toEqual(expected);
  });

  it('refuses a missing = naming the flag and the fix', () => {
    const error = failure(() => parseKeyValue('--opt', 'parent'));
    expect(error.lines).toEqual([
      'Error: --opt: "parent" is not key=value: write it as --opt key=value.',
    ]);
    expect(error.exitCode).toBe(2);
  });

  it('refuses an empty key', () => {
    expect(failure(() => parseKeyValue('--aux-address', '=10.0.0.5')).message).toMatch(
      /^Error: --aux-address: "=10.0.0.5" has an empty key/,
    );
  });
});

describe('keyValueMap', () => {
  it('folds repeated flags', () => {
    expect(keyValueMap('--opt', ['parent=eth0', 'ipvlan_mode=l3', 'ipvlan_flag=private'])).toEqual({
      parent: 'eth0',
      ipvlan_mode: 'l3',
      ipvlan_flag: 'private',
    });
  });
  it('is empty without flags', () => {
    expect(keyValueMap('--opt', undefined)).toEqual({});
  });
  it('refuses a key given twice', () => {
    expect(failure(() => keyValueMap('--opt', ['parent=eth0', 'parent=eth1'])).message).toBe(
      'Error: --opt: "parent" is given twice (eth0 and eth1): give each key once.',
    );
  });
});

describe('collect', () => {
  it('appends each occurrence', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
  });
});

describe('numbers', () => {
  it.each([
    ['3', 3],
    ['10', 10],
  ])('count %s', (text, n) => expect(parsePositiveInt('-c', text)).toBe(n));
  it.each(['0', '-1', '1.5', 'x', ''])('refuses count %j', (text) => {
    expect(failure(() => parsePositiveInt('-c', text)).message).toContain('-c: ');
  });
  it.each([
    ['1', 1000],
    ['0.5', 500],
    ['2.25', 2250],
  ])('seconds %s', (text, ms) => expect(parseSeconds('-W', text)).toBe(ms));
  it.each(['0', 'abc', '-2', '1s'])('refuses seconds %j', (text) => {
    expect(failure(() => parseSeconds('-W', text)).message).toMatch(
      /^Error: -W: .* is not a number of seconds/,
    );
  });
});

describe('normaliseBooleanFlags', () => {
  const flags = ['ipv4', 'ipv6', 'internal'];
  it.each([
    [
      ['--ipv4=false', 'n'],
      ['--no-ipv4', 'n'],
    ],
    [
      ['--ipv4', 'false', 'n'],
      ['--no-ipv4', 'n'],
    ],
    [
      ['--ipv4=0', 'n'],
      ['--no-ipv4', 'n'],
    ],
    [
      ['--ipv4=true', 'n'],
      ['--ipv4', 'n'],
    ],
    [
      ['--ipv4', 'true', 'n'],
      ['--ipv4', 'n'],
    ],
    [
      ['--ipv6', 'n'],
      ['--ipv6', 'n'],
    ],
    [
      ['--internal', '--ipv6=false', 'n'],
      ['--internal', '--no-ipv6', 'n'],
    ],
    [
      ['--ipv6', '--subnet', 'x'],
      ['--ipv6', '--subnet', 'x'],
    ],
    [
      ['--label', 'false'],
      ['--label', 'false'],
    ],
    [
      ['--', '--ipv4=false'],
      ['--', '--ipv4=false'],
    ],
  ])('%j → %j', (argv, expected) => {
    expect(normaliseBooleanFlags(argv, flags)).toEqual(expected);
  });

  it('refuses a value that is not a boolean', () => {
    expect(failure(() => normaliseBooleanFlags(['--ipv4=no'], flags)).message).toBe(
      'Error: --ipv4: "no" is not a boolean: use --ipv4=true or --ipv4=false.',
    );
  });
});
