import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CurrentNetwork,
  type FleetNetwork,
  desiredFleet,
  exportFleet,
  fleetYaml,
  loadFleet,
  planCounts,
  planFleet,
  specOf,
} from '../../src';
import { agentRecord } from './fixtures';

// export → YAML → parse → plan against the fleet it came from: no change, and
// every host resolves to the very specs it had.

const labels = fc.dictionary(
  fc.constantFrom('team', 'tier', 'site'),
  fc.constantFrom('a', 'b', ''),
  { maxKeys: 2 },
);

const entry = (index: number): fc.Arbitrary<FleetNetwork> =>
  fc
    .record({
      parent: fc.constantFrom<string | undefined>(undefined, 'eth0', `eth0.${index + 2}`),
      mode: fc.constantFrom<FleetNetwork['mode']>(undefined, 'l2', 'l3', 'l3s'),
      flag: fc.constantFrom<FleetNetwork['flag']>(undefined, 'bridge', 'private', 'vepa'),
      internal: fc.boolean(),
      v6: fc.boolean(),
      gateway: fc.integer({ min: 0, max: 254 }),
      range: fc.boolean(),
      aux: fc.boolean(),
      labels,
    })
    .map((r) => ({
      name: `net${index}`,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.mode ? { mode: r.mode } : {}),
      ...(r.flag ? { flag: r.flag } : {}),
      ...(r.internal ? { internal: true } : {}),
      subnets: [
        {
          subnet: `10.${index}.0.0/24`,
          ...(r.gateway ? { gateway: `10.${index}.0.${r.gateway}` } : {}),
          ...(r.range ? { ipRange: `10.${index}.0.128/25` } : {}),
          ...(r.aux ? { auxAddresses: { router: `10.${index}.0.255` } } : {}),
        },
        ...(r.v6 ? [{ subnet: `2001:db8:${index}::/64` }] : []),
      ],
      labels: r.labels,
    }));

// A fleet: up to 3 hosts, each with some of up to 6 networks (a parent shared
// with another mode would be refused by the agent, so each network has its own).
const fleet = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 6 })
  .chain((indexes) => {
    const unique = [...new Set(indexes)];
    return fc.tuple(
      fc.tuple(...unique.map(entry)),
      fc.array(fc.subarray(unique.map((_, i) => i)), { minLength: 1, maxLength: 3 }),
    );
  })
  .map(([entries, hostPicks]) => {
    const current = new Map<string, CurrentNetwork[]>();
    hostPicks.forEach((picks, h) =>
      current.set(
        `host-${h}`,
        picks.map((i) => agentRecord(entries[i]!)),
      ),
    );
    return current;
  });

describe('fleet file: export round trip (property)', () => {
  it('export → parse → plan against the same fleet gives no change', () => {
    fc.assert(
      fc.property(fleet, (current) => {
        const text = fleetYaml(exportFleet(current));
        const loaded = loadFleet({ file: 'export.yaml', text });
        expect(loaded.issues.filter((p) => p.severity === 'error')).toEqual([]);
        const desired = desiredFleet(loaded.fleet!, [...current.keys()]);
        expect(desired.issues).toEqual([]);
        for (const [host, networks] of current)
          expect(desired.byHost.get(host)).toEqual(expect.arrayContaining(networks.map(specOf)));
        const counts = planCounts(planFleet(desired.byHost, current));
        expect(counts).toMatchObject({ create: 0, change: 0, remove: 0 });
      }),
      { numRuns: 150 },
    );
  });
});
