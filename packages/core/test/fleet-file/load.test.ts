import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FileIssue, desiredFleet, fleetJsonSchema, loadFleet } from '../../src';

const repo = (path: string): string => new URL(`../../../../${path}`, import.meta.url).pathname;
const errors = (file: string, text: string): FileIssue[] =>
  loadFleet({ file, text }).issues.filter((p) => p.severity === 'error');
const pick = (p: FileIssue) => ({
  code: p.code,
  field: p.field,
  line: p.line,
  column: p.column,
  ...(p.row ? { row: p.row } : {}),
});

describe('fleet file: the NetOps examples', () => {
  it.each(['examples/netops.yaml', 'examples/netops.csv'])('%s loads with no issue', (file) => {
    const loaded = loadFleet({ file, text: readFileSync(repo(file), 'utf8') });
    expect(loaded.issues).toEqual([]);
    const desired = desiredFleet(loaded.fleet!, ['host-a', 'host-b']);
    expect(desired.issues).toEqual([]);
    const names = (host: string) => desired.byHost.get(host)!.map((n) => `${n.name}@${n.parent}`);
    expect(names('host-a')).toEqual(['vlan10@eth0.10', 'vlan20@eth0.20', 'vlan30@eth0.30']);
    expect(names('host-b')).toEqual(['vlan10@eth0.10', 'vlan20@eth0.20']);
  });

  it('the seed rows as written are refused with the masked subnet, at their line', () => {
    const text = [
      'version: 1',
      'networks:',
      '  - name: vlan20',
      '    vlan: 20',
      '    parent: eth0',
      '    subnets:',
      '      - subnet: 172.16.50.0/22',
      '        gateway: 172.16.50.1',
    ].join('\n');
    const [problem, ...rest] = errors('seed.yaml', text);
    expect(rest).toEqual([]);
    expect(pick(problem!)).toEqual({
      code: 'SUBNET_HOST_BITS',
      field: 'networks[0].subnets[0].subnet',
      line: 7,
      column: 17,
    });
    expect(problem!.message).toContain('it should be 172.16.48.0/22');
    expect(problem!.file).toBe('seed.yaml');
  });
});

describe('fleet file: YAML errors name file, line, column and field', () => {
  it('core codes for values, with paths into the file', () => {
    const text = [
      'version: 1',
      'networks:',
      '  - name: ok',
      '    parent: eth0.4095',
      '    mode: l3',
      '    subnets:',
      '      - subnet: 10.0.0.0/24',
      '        ipRange: 10.9.0.0/25',
      '  - name: -bad',
      '    subnets: [{ subnet: 10.1.0.0/24, gateway: 10.2.0.1 }]',
    ].join('\n');
    expect(errors('f.yaml', text).map(pick)).toEqual([
      { code: 'INVALID_VLAN_ID', field: 'networks[0].parent', line: 4, column: 13 },
      {
        code: 'IP_RANGE_OUTSIDE_SUBNET',
        field: 'networks[0].subnets[0].ipRange',
        line: 8,
        column: 18,
      },
      { code: 'INVALID_NETWORK_NAME', field: 'networks[1].name', line: 9, column: 11 },
      {
        code: 'GATEWAY_OUTSIDE_SUBNET',
        field: 'networks[1].subnets[0].gateway',
        line: 10,
        column: 47,
      },
    ]);
  });

  it('shape errors (zod) point at the value and name the schema', () => {
    const text =
      'version: 1\nnetworks:\n  - name: a\n    mode: l4\n    subnets: []\n    colour: red\n';
    const found = errors('f.yaml', text);
    expect(found.map(pick)).toEqual([
      { code: 'INVALID_INPUT', field: 'networks[0].mode', line: 4, column: 11 },
      { code: 'INVALID_INPUT', field: 'networks[0].subnets', line: 5, column: 14 },
      { code: 'INVALID_INPUT', field: 'networks[0]', line: 3, column: 5 },
    ]);
    expect(found[2]!.message).toContain('colour');
    expect(found[0]!.hint).toContain('fleet.schema.json');
  });

  it('YAML syntax errors stop at their line', () => {
    const found = errors('f.yaml', 'version: 1\nnetworks:\n  - name: [a\n');
    expect(found[0]).toMatchObject({ code: 'INVALID_INPUT', file: 'f.yaml' });
    expect(found[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('a vlan without its link, and an undefined host list', () => {
    const text =
      'version: 1\nnetworks:\n  - name: a\n    vlan: 10\n    subnets: [{ subnet: 10.0.0.0/24 }]\n    hosts: ["@racks"]\n';
    expect(errors('f.yaml', text).map(pick)).toEqual([
      { code: 'INVALID_INPUT', field: 'networks[0].parent', line: 3, column: 5 },
      { code: 'INVALID_INPUT', field: 'networks[0].hosts', line: 6, column: 12 },
    ]);
  });
});

describe('fleet file: CSV errors name file, row, column and field', () => {
  const header = 'name,vlan,parent,subnet,gateway,hosts';
  it('places each problem on its cell', () => {
    const text = `${header}\nok,10,eth0,10.0.0.0/24,,\nbad,5000,eth0,10.1.100.0/16,10.1.0.1,\n`;
    expect(errors('t.csv', text).map(pick)).toEqual([
      { code: 'INVALID_VLAN_ID', field: 'networks[1].vlan', line: 3, row: 2, column: 2 },
      {
        code: 'SUBNET_HOST_BITS',
        field: 'networks[1].subnets[0].subnet',
        line: 3,
        row: 2,
        column: 4,
      },
    ]);
  });

  it('rows with the same name and hosts are one network with several subnets', () => {
    const text = `${header}\nv6,,eth0,10.0.0.0/24,,host-a\nv6,,eth0,2001:db8::/64,,host-a\nv6,,eth0,10.0.0.0/25,,host-a\n`;
    const found = errors('t.csv', text).map(pick);
    expect(found).toEqual([
      {
        code: 'SUBNET_OVERLAP',
        field: 'networks[0].subnets[2].subnet',
        line: 4,
        row: 3,
        column: 4,
      },
    ]);
  });

  it('a repeated row that changes a network cell is refused at that cell', () => {
    const text = `${header}\nv,10,eth0,10.0.0.0/24,,\nv,20,eth0,10.0.1.0/24,,\n`;
    const [problem, ...rest] = errors('t.csv', text);
    expect(rest).toEqual([]);
    expect(pick(problem!)).toEqual({
      code: 'INVALID_INPUT',
      field: 'vlan',
      line: 3,
      row: 2,
      column: 2,
    });
    expect(problem!.message).toContain('differs from row 1');
  });

  it('an unknown column is refused, naming the known ones', () => {
    const [problem] = errors('t.csv', 'name,subnet,colour\na,10.0.0.0/24,red\n');
    expect(pick(problem!)).toEqual({ code: 'INVALID_INPUT', field: 'colour', line: 1, column: 3 });
    expect(problem!.hint).toContain('aux_addresses');
  });
});

describe('fleet file: host selection', () => {
  it('refuses a host given twice for one name, and a host nobody planned', () => {
    const text = [
      'version: 1',
      'networks:',
      '  - { name: a, subnets: [{ subnet: 10.0.0.0/24 }], hosts: [h1, h2] }',
      '  - { name: a, subnets: [{ subnet: 10.0.1.0/24 }], hosts: [h2, h3] }',
    ].join('\n');
    const { fleet } = loadFleet({ file: 'f.yaml', text });
    const { issues } = desiredFleet(fleet!, ['h1', 'h2']);
    expect(issues.map((p) => [p.code, p.message])).toEqual([
      ['NOT_FOUND', expect.stringContaining('host "h3"')],
      ['NETWORK_EXISTS', expect.stringContaining('for h2 by networks[0]')],
    ]);
  });
});

describe('fleet file: JSON Schema', () => {
  it('the committed schemas/fleet.schema.json is the one generated from the zod schema', () => {
    const committed: unknown = JSON.parse(readFileSync(repo('schemas/fleet.schema.json'), 'utf8'));
    expect(committed, 'run: pnpm --filter @underlay/core schema').toEqual(fleetJsonSchema());
  });
});
