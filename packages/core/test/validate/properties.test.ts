import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrLast,
  DomainError,
  formatCidr,
  type NetworkCreateInput,
  parseAddress,
  parseCidr,
  resolveNetworkCreate,
  validateNetworkCreate,
} from '../../src';
import { hostOf } from './helpers';

const host = hostOf();
const ctx = { id: 'f'.repeat(64), now: 'now' };

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const written = fc.tuple(octets, fc.integer({ min: 8, max: 32 })).map(([a, p]) => `${a}/${p}`);
// Mostly well-formed subnets (host bits cleared), so that many requests are accepted.
const subnet = fc.oneof(
  { arbitrary: written.map((text) => formatCidr(parseCidr(text)!)), weight: 4 },
  { arbitrary: written, weight: 1 },
);
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary, weight: 1 });
const entry = fc
  .tuple(subnet, rarely(octets))
  .map(([text, gateway]) => (gateway ? { subnet: text, gateway } : { subnet: text }));
const request: fc.Arbitrary<NetworkCreateInput> = fc.record({
  name: fc.oneof(
    { arbitrary: fc.constantFrom('net1', 'db_net'), weight: 4 },
    { arbitrary: fc.constant('-bad'), weight: 1 },
  ),
  options: fc.record(
    {
      parent: fc.oneof(
        { arbitrary: fc.constantFrom('eth0', 'eth0.10', 'foo', ''), weight: 4 },
        { arbitrary: fc.constantFrom('eth0.4095', 'eth9', 'lo', 'eth2', 'eth3'), weight: 1 },
      ),
      ipvlan_mode: fc.oneof(
        { arbitrary: fc.constantFrom('l2', 'l3', 'l3s'), weight: 4 },
        { arbitrary: fc.constant('L2'), weight: 1 },
      ),
    },
    { requiredKeys: [] },
  ),
  internal: fc.boolean(),
  ipam: fc.array(entry, { maxLength: 3 }),
});

function outcome(input: NetworkCreateInput) {
  try {
    return { ok: true as const, ...resolveNetworkCreate(input, host, ctx) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false as const, issues: error.issues };
    throw error;
  }
}

describe('validate and resolve agree (property)', () => {
  it('validate finds an error exactly when resolve refuses, with the same issues', () => {
    fc.assert(
      fc.property(request, (input) => {
        const issues = validateNetworkCreate(input, host);
        const result = outcome(input);
        expect(result.ok).toBe(!issues.some((p) => p.severity === 'error'));
        if (!result.ok) expect(result.issues.map((p) => p.code)).toEqual(issues.map((p) => p.code));
      }),
      { numRuns: 400 },
    );
  });

  it('the generator yields accepted requests often enough for the next property to mean something', () => {
    const accepted = fc
      .sample(request, { numRuns: 400, seed: 42 })
      .filter((input) => outcome(input).ok).length;
    expect(accepted).toBeGreaterThan(60);
  });

  it('a resolved network has canonical subnets, and gateways exactly in L2 non-internal networks, inside their subnet and not reserved', () => {
    fc.assert(
      fc.property(request, (input) => {
        const result = outcome(input);
        if (!result.ok) return;
        const { network } = result;
        const wantsGateway = network.mode === 'l2' && !network.internal;
        for (const subnet of network.subnets) {
          const cidr = parseCidr(subnet.subnet);
          expect(cidr && cidr.written === cidr.network).toBe(true);
          expect(subnet.gateway !== undefined).toBe(wantsGateway);
          const gateway = subnet.gateway ? parseAddress(subnet.gateway) : null;
          if (!cidr || !gateway) continue;
          expect(cidrContains(cidr, gateway)).toBe(true);
          if (cidr.prefix < 31)
            expect(gateway.value !== cidr.network && gateway.value !== cidrLast(cidr)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
