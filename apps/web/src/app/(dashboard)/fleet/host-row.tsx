'use client';

import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '~/server/api/root';
import { HostForm } from './lazy-host-form';
import { HostStatusBadge } from './host-status';

/** One registered host as the fleet list gives it. */
export type FleetHost = inferRouterOutputs<AppRouter>['fleet']['list'][number];

/** A host's row (name, address, state, last seen, kernel, capabilities, agent), and its edit form under it. */
export function HostRow(props: {
  host: FleetHost;
  editing: boolean;
  onEdit: () => void;
  onDone: () => void;
  onRemove: () => void;
}) {
  const { host } = props;
  return (
    <>
      <tr
        className="border-b align-top"
        data-testid={`host-row-${host.name}`}
        data-status={host.status}
      >
        <HostCells host={host} />
        <HostActions name={host.name} onEdit={props.onEdit} onRemove={props.onRemove} />
      </tr>
      {props.editing && (
        <tr>
          <td colSpan={8} className="bg-slate-50 p-2">
            <HostForm host={host} onDone={props.onDone} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The row's data cells. */
function HostCells({ host }: { host: FleetHost }) {
  return (
    <>
      <td className="p-2 font-medium">
        {host.name}
        {host.source === 'lab' && (
          <span className="ml-2 rounded bg-slate-100 px-1 text-xs text-slate-600">lab</span>
        )}
      </td>
      <td className="p-2 font-mono text-xs">{host.address}</td>
      <td className="p-2">
        <HostStatusBadge
          status={host.status}
          summary={host.summary}
          testId={`host-status-${host.name}`}
        />
      </td>
      <td className="p-2 text-xs text-slate-500">
        {host.lastSeen ? new Date(host.lastSeen).toLocaleTimeString() : 'never'}
      </td>
      <td className="p-2 font-mono text-xs" data-testid={`host-kernel-${host.name}`}>
        {host.info?.kernel ?? '–'}
      </td>
      <td className="p-2 text-xs" data-testid={`host-caps-${host.name}`}>
        {host.info ? capabilityText(host.info.capabilities) : '–'}
      </td>
      <td className="p-2 text-xs">{host.info?.version ?? '–'}</td>
    </>
  );
}

/** Edit and Remove. */
function HostActions(props: { name: string; onEdit: () => void; onRemove: () => void }) {
  return (
    <td className="space-x-2 whitespace-nowrap p-2 text-right">
      <button
        type="button"
        className="text-sm underline"
        onClick={props.onEdit}
        data-testid={`host-edit-${props.name}`}
      >
        Edit
      </button>
      <button
        type="button"
        className="text-sm text-red-700 underline"
        onClick={props.onRemove}
        data-testid={`host-remove-${props.name}`}
      >
        Remove
      </button>
    </td>
  );
}

/** "ipvlan ✓ 8021q ✓ dummy ✗" from whatever the agent's probe reports. */
function capabilityText(caps: Record<string, unknown>): string {
  const entries = Object.entries(caps).filter(([, v]) => typeof v === 'boolean');
  if (entries.length === 0) return Object.keys(caps).join(', ') || '–';
  return entries.map(([k, v]) => `${k} ${v ? '✓' : '✗'}`).join('  ');
}
