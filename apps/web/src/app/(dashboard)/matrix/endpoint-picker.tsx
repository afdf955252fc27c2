'use client';

import { useState } from 'react';
import { refKey, refsOnVlan, type EndpointGroup } from '~/lib/matrix-endpoints';
import type { EndpointRef } from '@underlay/core';

/** Checkboxes grouped by host and network, plus a "select VLAN N" shortcut. */
export function EndpointPicker({
  groups,
  selected,
  onChange,
}: {
  groups: EndpointGroup[];
  selected: EndpointRef[];
  onChange: (refs: EndpointRef[]) => void;
}) {
  const keys = new Set(selected.map(refKey));
  const toggle = (ref: EndpointRef) =>
    onChange(
      keys.has(refKey(ref))
        ? selected.filter((r) => refKey(r) !== refKey(ref))
        : [...selected, ref],
    );
  return (
    <div className="space-y-2" data-testid="matrix-picker">
      <VlanBar groups={groups} selected={selected} onChange={onChange} />
      {groups.length === 0 && (
        <p className="text-sm text-slate-500">
          No endpoints in the fleet yet: connect containers to networks first.
        </p>
      )}
      <div className="grid grid-cols-1 gap-2 md:grid-cols-3">
        {groups.map((g) => (
          <PickerGroup key={`${g.host}/${g.network}`} group={g} keys={keys} onToggle={toggle} />
        ))}
      </div>
    </div>
  );
}

/** The VLAN shortcut, Clear, and how many are selected. */
function VlanBar(props: {
  groups: EndpointGroup[];
  selected: EndpointRef[];
  onChange: (refs: EndpointRef[]) => void;
}) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <VlanSelect {...props} />
      <button
        type="button"
        data-testid="matrix-clear"
        className="rounded border border-slate-300 px-2 py-1"
        onClick={() => props.onChange([])}
      >
        Clear
      </button>
      <span className="text-slate-500" data-testid="matrix-selected-count">
        {props.selected.length} selected
      </span>
    </div>
  );
}

/** "VLAN [n] Select VLAN": adds every endpoint on networks with that VLAN id. */
function VlanSelect({
  groups,
  selected,
  onChange,
}: {
  groups: EndpointGroup[];
  selected: EndpointRef[];
  onChange: (refs: EndpointRef[]) => void;
}) {
  const [vlan, setVlan] = useState('');
  const vlanId = Number(vlan);
  const vlanValid = Number.isInteger(vlanId) && vlanId >= 1 && vlanId <= 4094;
  const selectVlan = () => {
    const onVlan = refsOnVlan(groups, vlanId);
    onChange([...selected.filter((r) => !onVlan.some((v) => refKey(v) === refKey(r))), ...onVlan]);
  };
  return (
    <>
      <label htmlFor="matrix-vlan">VLAN</label>
      <input
        id="matrix-vlan"
        data-testid="matrix-vlan-input"
        className="w-20 rounded border border-slate-300 px-2 py-1"
        inputMode="numeric"
        value={vlan}
        onChange={(e) => setVlan(e.target.value)}
        placeholder="10"
      />
      <button
        type="button"
        data-testid="matrix-select-vlan"
        disabled={!vlanValid || groups.length === 0}
        className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
        onClick={selectVlan}
      >
        Select VLAN
      </button>
    </>
  );
}

/** One host's network: a checkbox per endpoint with its container and address. */
function PickerGroup(props: {
  group: EndpointGroup;
  keys: ReadonlySet<string>;
  onToggle: (ref: EndpointRef) => void;
}) {
  const g = props.group;
  return (
    <fieldset
      className="rounded border border-slate-200 p-2 text-sm"
      data-testid={`matrix-group-${g.host}-${g.network}`}
    >
      <legend className="px-1 font-medium">
        {g.host} · {g.network}
        {g.vlanId !== undefined && <span className="text-slate-500"> (VLAN {g.vlanId})</span>}
      </legend>
      {g.endpoints.map((e) => (
        <label key={refKey(e.ref)} className="flex items-center gap-2">
          <input
            type="checkbox"
            data-testid={`matrix-pick-${e.ref.endpointId}`}
            checked={props.keys.has(refKey(e.ref))}
            onChange={() => props.onToggle(e.ref)}
          />
          <span>{e.container}</span>
          <span className="font-mono text-xs text-slate-500">{e.address}</span>
        </label>
      ))}
    </fieldset>
  );
}
