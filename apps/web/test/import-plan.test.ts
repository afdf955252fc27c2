import { FleetImportPlanSchema, formatFileIssue, loadFleet } from '@underlay/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env';
import { createCaller } from '../src/server/api/root';
import { createTRPCContext } from '../src/server/api/trpc';
import { createServices } from '../src/server/services';
import type { FleetState } from '../src/server/import/fleet-state';
import { planImport } from '../src/server/import/plan-import';

// The Import page's plan: core's loader, selection and diff against the
// registered hosts' networks, with the CLI's lines; the answer must parse
// with the wire schema the procedure declares.

const host = (name: string) => ({
  id: `id-${name}`,
  name,
  address: `/run/${name}.sock`,
  token: 't',
  tlsCa: null,
  source: 'lab' as const,
  createdAt: 0,
});
const state = (current: Record<string, never[]>): FleetState => ({
  hosts: Object.keys(current).map(host),
  current: new Map(Object.entries(current)),
  unreachable: [],
});

const CSV = `name,vlan,parent,subnet,gateway,hosts
vlan10,10,eth0,10.10.0.0/24,10.10.0.1,all
vlan20,20,eth0,10.20.0.5/24,10.20.0.1,host-a
`;

describe('planImport', () => {
  it('a bad row: the issue at its row and column, with the line the CLI prints, and no plan', () => {
    const plan = planImport({ file: 'f.csv', text: CSV, prune: false }, state({ 'host-a': [] }));
    expect(FleetImportPlanSchema.parse(plan)).toEqual(plan);
    expect(plan.plans).toEqual([]);
    expect(plan.issues).toHaveLength(1);
    const [issue] = plan.issues;
    expect(issue).toMatchObject({ code: 'SUBNET_HOST_BITS', row: 2, line: 3, column: 4 });
    const cli = loadFleet({ file: 'f.csv', text: CSV }).issues.map(formatFileIssue);
    expect([issue?.text]).toEqual(cli);
  });

  it('a good file: creates per selected host, the CLI lines per host and the summary', () => {
    const good = CSV.replace('10.20.0.5/24', '10.20.0.0/24');
    const plan = planImport(
      { file: 'f.csv', text: good, prune: false },
      state({ 'host-a': [], 'host-b': [] }),
    );
    expect(FleetImportPlanSchema.parse(plan)).toEqual(plan);
    expect(plan.plans.map((p) => [p.host, p.actions.map((a) => `${a.kind} ${a.name}`)])).toEqual([
      ['host-a', ['create vlan10', 'create vlan20']],
      ['host-b', ['create vlan10']],
    ]);
    expect(plan.lines['host-b']?.[0]).toBe('  + vlan10');
    expect(plan.summary).toBe('Plan: 3 to create, 0 to change, 0 to remove on 2 of 2 host(s).');
  });

  it('a host named in the file but not registered is an issue at its selector', () => {
    const text =
      'version: 1\nnetworks:\n  - name: n\n    subnets: [{ subnet: 10.1.0.0/24 }]\n    hosts: [host-z]\n';
    const plan = planImport({ file: 'f.yaml', text, prune: false }, state({ 'host-a': [] }));
    expect(plan.issues).toMatchObject([{ code: 'NOT_FOUND', line: 5, field: 'networks[0].hosts' }]);
    expect(plan.plans).toEqual([]);
  });
});

describe('the import router', () => {
  it('refuses without a session, and plans against the (empty) registry with one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'underlay-web-'));
    const services = await createServices(
      parseEnv({ UNDERLAY_WEB_DATA: dataDir, UNDERLAY_ADMIN_PASSWORD: 'admin-pass-1' }),
      () => {},
    );
    try {
      const request = (cookie?: string) =>
        new Request('http://localhost/api/trpc', { headers: cookie ? { cookie } : {} });
      const headers = new Headers();
      const ctx = (req: Request, res = new Headers()) =>
        createTRPCContext({ services, req, resHeaders: res });
      await createCaller(ctx(request(), headers)).auth.login({ password: 'admin-pass-1' });
      const cookie = (headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const input = { file: 'f.csv', text: CSV.replace('10.20.0.5/24', '10.20.0.0/24') };
      await expect(createCaller(ctx(request())).import.plan(input)).rejects.toThrow(/Log in/);
      const plan = await createCaller(ctx(request(cookie))).import.plan(input);
      // No registered host: host-a is named but unknown.
      expect(plan.issues.map((p) => [p.code, p.row])).toEqual([['NOT_FOUND', 2]]);
      const applied = createCaller(ctx(request(cookie))).import.applyFile(input);
      await expect(applied).rejects.toThrow(/error\(s\) in the fleet file/);
    } finally {
      await services.hub.stop();
    }
  });
});
