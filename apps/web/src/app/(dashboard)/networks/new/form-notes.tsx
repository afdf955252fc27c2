'use client';

import { FieldMessages } from '~/components/form-field';
import { CheckField, type Ctl } from './form-controls';

// Coordinated addressing across hosts, the warnings about addresses shared
// by hosts, and what belongs to the form as a whole (errors without a field).

const FIELD_KEYS = new Set([
  ...['name', 'hosts', 'parent', 'mode', 'flag', 'internal', 'ipv6'],
  ...['subnet', 'gateway', 'ipRange', 'subnet6', 'gateway6', 'coordinate'],
]);

/** The coordinate checkbox and the warnings that go with several hosts. */
export function CoordinationNotes({ ctl, applies }: { ctl: Ctl; applies: boolean }) {
  const { form } = ctl;
  const several = form.hostIds.length > 1;
  return (
    <>
      {several && (
        <CheckField
          ctl={ctl}
          k="coordinate"
          label="coordinate addresses across hosts"
          title="Each host's agent hands out addresses only from address blocks it holds in the fleet store, so two hosts never hand out the same address."
        />
      )}
      {several && form.parent.trim() !== '' && !form.internal && !form.coordinate && (
        // Seen in the lab: two agents on VLAN 10 both handed out 172.16.80.2.
        <p className="text-xs text-amber-700" data-testid="nf-multihost-warning">
          Each host&apos;s agent allocates addresses on its own. On a VLAN shared by these hosts,
          give each host its own IP range (create once per host with a different range) or connect
          containers with static addresses, or two hosts can hand out the same address.
        </p>
      )}
      {applies && form.subnet.trim() === '' && (
        <p className="text-xs text-amber-700" data-testid="nf-pool-warning">
          No IPv4 subnet given: each host takes one from its default pools, which the dashboard
          cannot coordinate. Give a subnet so every host leases its blocks in the same one.
        </p>
      )}
    </>
  );
}

/** Errors about the form as a whole, or about a field the form has no input for. */
export function FormErrors({ ctl }: { ctl: Ctl }) {
  const errors = Object.entries(ctl.shown)
    .filter(([key]) => !FIELD_KEYS.has(key))
    .flatMap(([, list]) => list);
  return (
    <FieldMessages errors={errors} errorTestId="nf-error-form" warningTestId="nf-warning-form" />
  );
}
