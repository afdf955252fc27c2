'use client';

import type { Network } from '@underlay/core';
import { FieldMessages } from '~/components/form-field';
import { CheckField, SelectField, TextField, type Ctl } from './form-controls';

// The create form's sections, top to bottom. Each is a few labelled controls
// with the defaults the agent would apply shown as hints.

type Defaults = Network | undefined;

/** Which hosts get the network (at least one). */
export function HostsField({
  ctl,
  hosts,
}: {
  ctl: Ctl;
  hosts: { id: string; name: string; status: string; summary?: string | null }[] | undefined;
}) {
  const { form, set } = ctl;
  const toggle = (id: string, on: boolean) =>
    set({ hostIds: on ? [...form.hostIds, id] : form.hostIds.filter((h) => h !== id) });
  return (
    <fieldset data-testid="nf-hosts" aria-describedby="nf-hosts-msg">
      <legend className="font-medium">Hosts</legend>
      {hosts?.map((h, i) => (
        <label key={h.id} className="mr-4 inline-flex items-center gap-1">
          <input
            type="checkbox"
            {...(i === 0 ? { id: 'nf-hosts' } : {})}
            checked={form.hostIds.includes(h.id)}
            data-testid={`nf-host-${h.name}`}
            onChange={(e) => toggle(h.id, e.target.checked)}
            onBlur={() => ctl.blur('hosts')}
          />
          {h.name}{' '}
          {h.status !== 'online' && (
            <span className="text-xs text-amber-700">({h.summary ?? h.status})</span>
          )}
        </label>
      ))}
      <FieldMessages
        id="nf-hosts-msg"
        errors={ctl.shown.hosts ?? []}
        errorTestId="nf-error-hosts"
      />
    </fieldset>
  );
}

/** Parent interface, mode and flag, with what the agent will use. */
export function ParentFields({ ctl, defaults }: { ctl: Ctl; defaults: Defaults }) {
  const parentHint =
    defaults && defaults.parentKind !== 'dummy'
      ? `uses ${defaults.parent} (${defaults.parentKind}${defaults.vlanId ? `, VLAN ${defaults.vlanId}` : ''})`
      : 'empty: an isolated dummy parent';
  return (
    <>
      <TextField
        ctl={ctl}
        k="parent"
        label="Parent interface"
        hint={parentHint}
        hintId="parent"
        placeholder="eth0.10"
        mono
      />
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          ctl={ctl}
          k="mode"
          label="Mode"
          options={['l2', 'l3', 'l3s']}
          hint={`default l2${defaults ? `; will use ${defaults.mode}` : ''}`}
        />
        <SelectField
          ctl={ctl}
          k="flag"
          label="Flag"
          options={['bridge', 'private', 'vepa']}
          hint={`default bridge${defaults ? `; will use ${defaults.flag}` : ''}`}
        />
      </div>
      <div className="flex gap-6">
        <CheckField ctl={ctl} k="internal" label="internal" />
        <CheckField ctl={ctl} k="ipv6" label="IPv6" />
      </div>
    </>
  );
}

/** The IPv4 subnet row and, with IPv6 on, the IPv6 row. */
export function SubnetFields({ ctl, defaults }: { ctl: Ctl; defaults: Defaults }) {
  return (
    <>
      <div className="grid grid-cols-3 gap-3">
        <TextField ctl={ctl} k="subnet" label="Subnet" placeholder="172.16.80.0/24" mono />
        <TextField
          ctl={ctl}
          k="gateway"
          label="Gateway"
          hint={gatewayHint(defaults, 4)}
          hintId="gateway"
          mono
        />
        <TextField ctl={ctl} k="ipRange" label="IP range" mono />
      </div>
      {ctl.form.ipv6 && (
        <div className="grid grid-cols-3 gap-3">
          <TextField ctl={ctl} k="subnet6" label="IPv6 subnet" mono />
          <TextField
            ctl={ctl}
            k="gateway6"
            label="IPv6 gateway"
            hint={gatewayHint(defaults, 6)}
            hintId="gateway6"
            mono
          />
        </div>
      )}
    </>
  );
}

/** What the gateway will be, or why there is none. */
function gatewayHint(network: Defaults, family: 4 | 6): string {
  const gw = network?.subnets.find((s) => s.family === family)?.gateway;
  if (network && network.mode !== 'l2') return 'none in L3/L3S (routes are dev-only)';
  return gw ? `will use ${gw}` : 'default: first usable address';
}
