'use client';

import {
  resolveNetworkCreate,
  validateNetworkCreate,
  type HostSnapshot,
  type Issue,
  type Network,
  type NetworkCreateInput,
} from '@underlay/core';
import { useMemo } from 'react';
import { addError, hasErrors, onHosts, plainText, type FieldErrors } from '~/lib/field-errors';
import { fieldKey, toRequest, type NetworkFormState } from '~/lib/network-form';

export interface LocalCheck {
  /** Errors and warnings by form key; "On host-a:" in front when one concerns only some hosts. */
  byField: FieldErrors;
  hasErrors: boolean;
  /** What the agent would make on each host (defaults applied), when valid there. */
  resolved: { host: string; network: Network }[];
}

/** Codes about a host's links: meaningless before a host is picked (the empty snapshot has no eth0). */
const HOST_STATE = new Set<string>(['PARENT_NOT_FOUND', 'PARENT_BASE_NOT_FOUND', 'PARENT_DOWN']);

/** Stands for "on HOST" while the same message is gathered from several hosts. */
const ON_HOSTS = 'on \u0001';

const PREVIEW = { id: 'preview00000', now: new Date(0).toISOString() };

type Seen = Map<string, { key: string; issue: Issue; hosts: string[] }>;

/** core's validate() and resolve() against each selected host's snapshot (or an empty one when none is picked). */
export function useLocalCheck(
  form: NetworkFormState,
  snapshots: { host: string; snapshot: HostSnapshot }[],
): LocalCheck {
  return useMemo(() => {
    const request = toRequest(form);
    const targets = snapshots.length ? snapshots : [{ host: '', snapshot: emptySnapshot }];
    const seen: Seen = new Map();
    const resolved: LocalCheck['resolved'] = [];
    for (const { host, snapshot } of targets) {
      const issues = validateNetworkCreate(request, snapshot).filter(
        (i) => host !== '' || !HOST_STATE.has(i.code),
      );
      for (const issue of issues) {
        const key = fieldKey(issue.path, form);
        // The same problem on several hosts is one message naming them all.
        const message = host ? issue.message.replaceAll(`on ${host}`, ON_HOSTS) : issue.message;
        const entry = seen.get(`${key}\u0000${message}`) ?? {
          key,
          issue: { ...issue, message },
          hosts: [],
        };
        entry.hosts.push(host);
        seen.set(`${key}\u0000${message}`, entry);
      }
      const network = issues.some((i) => i.severity === 'error')
        ? null
        : resolve(request, snapshot);
      if (network) resolved.push({ host, network });
    }
    const byField = toFieldErrors(seen, targets.length);
    return { byField, hasErrors: hasErrors(byField), resolved };
  }, [form, snapshots]);
}

/** What the agent would make; validate() passed, so resolve() only fails on what the agent's plan will report. */
function resolve(request: NetworkCreateInput, snapshot: HostSnapshot): Network | null {
  try {
    return resolveNetworkCreate(request, snapshot, PREVIEW).network;
  } catch {
    return null;
  }
}

/** One message per field and text, naming the hosts when it holds on only some of them. */
function toFieldErrors(seen: Seen, targets: number): FieldErrors {
  const byField: FieldErrors = {};
  for (const { key, issue, hosts } of seen.values()) {
    const named = issue.message.includes(ON_HOSTS);
    const message = issue.message.replaceAll(ON_HOSTS, `on ${hosts.join(', ')}`);
    const text = plainText(message, issue.hint);
    const some = !named && hosts.length < targets && hosts[0] !== '';
    addError(byField, key, {
      text: some ? onHosts(text, hosts) : text,
      code: issue.code,
      severity: issue.severity,
    });
  }
  return byField;
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
