import { describe, expect, it } from 'vitest';
import { topoId } from '../../src/topology/ids';

describe('topoId.hostOf', () => {
  it('reads back the host of every per-host node id', () => {
    const made = [
      topoId.host('h1'),
      topoId.parent('h1', 'eth0'),
      topoId.vlan('h1', 'eth0.30'),
      topoId.network('h1', 'vlan30'),
      topoId.subnet('h1', 'vlan30', '10.30.0.0/24'),
      topoId.subnet('h1', 'v6', 'fd00:30::/64'),
      topoId.container('h1', 'web'),
    ];
    expect(made.map(topoId.hostOf)).toEqual(made.map(() => 'h1'));
  });

  it('has no host for a segment, whatever its trunk is called', () => {
    expect(topoId.hostOf(topoId.segment('eth0', 30))).toBeUndefined();
    expect(topoId.hostOf(topoId.segment('core-sw/1', 'native'))).toBeUndefined();
  });

  it('keeps host ids that contain a colon', () => {
    expect(topoId.hostOf(topoId.network('10.0.0.1:4100', 'n'))).toBe('10.0.0.1:4100');
  });

  it('has no host for text that is not a node id', () => {
    expect(topoId.hostOf('')).toBeUndefined();
    expect(topoId.hostOf('web')).toBeUndefined();
  });
});
