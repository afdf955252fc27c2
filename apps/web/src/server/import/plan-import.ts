import {
  desiredFleet,
  formatFileIssue,
  hostPlanLines,
  loadFleet,
  placeIssue,
  planCounts,
  planFleet,
  planSummary,
  type FileIssue,
  type FleetImportInput,
  type FleetImportPlan,
  type HostPlan,
} from '@underlay/core';
import type { FleetState } from './fleet-state';

// A fleet file planned against the registered hosts with core's loader, host
// selection and diff: the issues and the plan are the CLI's, line for line.

const withText = (issues: FileIssue[]) => issues.map((p) => ({ ...p, text: formatFileIssue(p) }));

function refused(issues: FileIssue[], state: FleetState): FleetImportPlan {
  return {
    issues: withText(issues),
    plans: [],
    lines: {},
    summary: `${issues.filter((p) => p.severity === 'error').length} error(s) in the fleet file; nothing can be applied.`,
    counts: planCounts([]),
    unreachable: state.unreachable,
  };
}

/** Plans `input` against `state`; hosts that did not answer get no plan (their networks are unknown). */
export function planImport(input: FleetImportInput, state: FleetState): FleetImportPlan {
  const loaded = loadFleet({ file: input.file, text: input.text, format: input.format });
  if (!loaded.fleet) return refused(loaded.issues, state);
  const names = state.hosts.map((h) => h.name);
  const desired = desiredFleet(loaded.fleet, names);
  if (desired.issues.length)
    return refused(
      [...loaded.issues, ...desired.issues.map((p) => placeIssue(input.file, p, loaded.locate))],
      state,
    );
  const plans: HostPlan[] = planFleet(desired.byHost, state.current, {
    prune: input.prune,
  }).filter((p) => state.current.has(p.host));
  return {
    issues: withText(loaded.issues),
    plans,
    lines: Object.fromEntries(plans.map((p) => [p.host, hostPlanLines(p).slice(1)])),
    summary: planSummary(plans),
    counts: planCounts(plans),
    unreachable: state.unreachable,
  };
}
