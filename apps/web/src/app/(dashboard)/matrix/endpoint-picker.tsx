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
  const [vlan, setVlan] = useState('');
  const keys = new Set(selected.map(refKey));
  const toggle = (ref: EndpointRef) =>
    onChange(
      keys.has(refKey(ref))
        ? selected.filter((r) => refKey(r) !== refKey(ref))
        : [...selected, ref],
    );
  const vlanId = Number(vlan);
  const vlanValid = Number.isInteger(vlanId) && vlanId >= 1 && vlanId <= 4094;
  return (
    <div className="space-y-2" data-testid="matrix-picker">
      <div className="flex items-center gap-2 text-sm">
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
          onClick={() =>
            onChange([
              ...selected.filter(
                (r) => !refsOnVlan(groups, vlanId).some((v) => refKey(v) === refKey(r)),
              ),
              ...refsOnVlan(groups, vlanId),
            ])
          }
        >
          Select VLAN
        </button>
        <button
          type="button"
          data-testid="matrix-clear"
          className="rounded border border-slate-300 px-2 py-1"
          onClick={() => onChange([])}
        >
          Clear
        </button>
        <span className="text-slate-500" data-testid="matrix-selected-count">
          {selected.length} selected
        </span>
      </div>
      {groups.length === 0 && (
        <p className="text-sm text-slate-500">
          No endpoints in the fleet yet: connect containers to networks first.
        </p>
      )}
      <div className="grid grid-cols-1 gap-2 md:grid-cols-3">
        {groups.map((g) => (
          <fieldset
            key={`${g.host}/${g.network}`}
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
                  checked={keys.has(refKey(e.ref))}
                  onChange={() => toggle(e.ref)}
                />
                <span>{e.container}</span>
                <span className="font-mono text-xs text-slate-500">{e.address}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </div>
  );
}
