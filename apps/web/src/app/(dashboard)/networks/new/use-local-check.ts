'use client';

import {
  resolveNetworkCreate,
  validateNetworkCreate,
  type HostSnapshot,
  type Issue,
  type Network,
} from '@underlay/core';
import { useMemo } from 'react';
import { fieldKey, toRequest, type NetworkFormState } from '~/lib/network-form';

export interface LocalCheck {
  /** Errors and warnings by form key, each prefixed with the host when it concerns only some hosts. */
  byField: Record<string, { text: string; severity: Issue['severity'] }[]>;
  hasErrors: boolean;
  /** What the agent would make on each host (defaults applied), when valid there. */
  resolved: { host: string; network: Network }[];
}

const PREVIEW = { id: 'preview00000', now: new Date(0).toISOString() };

/** core's validate() and resolve() against each selected host's snapshot (or an empty one when none is picked). */
export function useLocalCheck(
  form: NetworkFormState,
  snapshots: { host: string; snapshot: HostSnapshot }[],
): LocalCheck {
  return useMemo(() => {
    const request = toRequest(form);
    const targets = snapshots.length ? snapshots : [{ host: '', snapshot: emptySnapshot }];
    const seen = new Map<string, { text: string; severity: Issue['severity']; hosts: string[] }>();
    const resolved: LocalCheck['resolved'] = [];
    for (const { host, snapshot } of targets) {
      const issues = validateNetworkCreate(request, snapshot);
      for (const i of issues) {
        const key = `${fieldKey(i.path, form)}\u0000${i.message}`;
        const entry = seen.get(key) ?? {
          text: `${i.message}${i.hint ? ` ${i.hint}` : ''}`,
          severity: i.severity,
          hosts: [],
        };
        entry.hosts.push(host);
        seen.set(key, entry);
      }
      if (!issues.some((i) => i.severity === 'error')) {
        try {
          resolved.push({
            host,
            network: resolveNetworkCreate(request, snapshot, PREVIEW).network,
          });
        } catch {
          // validate() passed, so resolve() only fails on what the agent's plan will report.
        }
      }
    }
    const byField: LocalCheck['byField'] = {};
    for (const [key, e] of seen) {
      const field = key.split('\u0000')[0] ?? 'form';
      const some = e.hosts.length < targets.length && e.hosts[0] !== '';
      (byField[field] ??= []).push({
        text: some ? `${e.hosts.join(', ')}: ${e.text}` : e.text,
        severity: e.severity,
      });
    }
    return { byField, hasErrors: [...seen.values()].some((e) => e.severity === 'error'), resolved };
  }, [form, snapshots]);
}

const emptySnapshot: HostSnapshot = {
  hostname: 'host',
  links: [],
  addresses: [],
  networks: [],
  endpoints: [],
  containers: [],
  containerLinks: [],
  ownedLinks: [],
};
