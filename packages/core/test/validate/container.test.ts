import { describe, expect, it } from 'vitest';
import { validateContainerAttach, validateContainerCreate, validateContainerName } from '../../src';
import { expectIssue, hostOf } from './helpers';

const host = hostOf({
  containers: [{ name: 'web', netns: 'web', origin: 'created', created: 'now' }],
});

describe('INVALID_CONTAINER_NAME', () => {
  it.each(['db', 'web-1', 'A.b_c', '0', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(validateContainerName(name)).toEqual([]);
  });
  it.each([
    ['', 'empty'],
    ['-x', '-x'],
    ['a/b', 'a/b'],
    ['..', '..'],
    ['a b', 'a b'],
    ['x'.repeat(65), '65 characters'],
  ])('refuses %j', (name, mentions) => {
    expectIssue(
      validateContainerCreate({ name }, host),
      'INVALID_CONTAINER_NAME',
      ['name'],
      mentions,
    );
  });
});

describe('CONTAINER_EXISTS', () => {
  it('refuses a name in use, on create and on attach', () => {
    expectIssue(
      validateContainerCreate({ name: 'web' }, host),
      'CONTAINER_EXISTS',
      ['name'],
      '"web"',
    );
    expectIssue(
      validateContainerAttach({ name: 'web', pid: 1 }, host),
      'CONTAINER_EXISTS',
      ['name'],
      '"web"',
    );
  });
  it('accepts a new name', () => {
    expect(validateContainerCreate({ name: 'db' }, host)).toEqual([]);
  });
});

describe('container attach: exactly one namespace source (INVALID_INPUT)', () => {
  it.each([[{ pid: 1234 }], [{ netnsPath: '/proc/1234/ns/net' }], [{ netnsName: 'cni-1234' }]])(
    'accepts %j',
    (source) => {
      expect(validateContainerAttach({ name: 'app', ...source }, host)).toEqual([]);
    },
  );
  it.each([
    [{}, ['pid'], 'none of pid'],
    [{ pid: 1, netnsPath: '/run/netns/x' }, ['netnsPath'], 'pid, netnsPath'],
    [{ netnsPath: 'run/netns/x' }, ['netnsPath'], 'run/netns/x'],
    [{ pid: -1 }, ['pid'], ''],
  ])('refuses %j', (source, path, mentions) => {
    expectIssue(
      validateContainerAttach({ name: 'app', ...source }, host),
      'INVALID_INPUT',
      path,
      mentions,
    );
  });
  it('refuses a netns name with a slash', () => {
    expectIssue(
      validateContainerAttach({ name: 'app', netnsName: '../etc' }, host),
      'INVALID_CONTAINER_NAME',
      ['netnsName'],
      '../etc',
    );
  });
});
