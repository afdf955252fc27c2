import { z } from 'zod';
import { IpvlanFlagSchema, IpvlanModeSchema, LabelsSchema } from './common';
import { IssueSchema } from './issue';

// The wire shapes of a fleet file planned and applied from the dashboard (the
// hub's `import` procedures): the file's text in, core's plan and file issues
// out, the same values `underlay plan --json` prints.

/** A fleet file as the browser sends it: its name (for messages and the format), its text. */
export const FleetImportInputSchema = z
  .object({
    file: z.string().min(1).max(255),
    text: z.string().max(2_000_000, 'The file is over 2 MB: split it.'),
    format: z.enum(['yaml', 'csv']).optional(),
    prune: z.boolean().default(false),
  })
  .strict();
export type FleetImportInput = z.infer<typeof FleetImportInputSchema>;

/** An issue placed in the file (core's FileIssue). */
export const FileIssueSchema = IssueSchema.extend({
  file: z.string(),
  field: z.string(),
  line: z.number(),
  column: z.number(),
  row: z.number().optional(),
});

const SpecSubnetSchema = z.object({
  subnet: z.string(),
  gateway: z.string().optional(),
  ipRange: z.string().optional(),
  auxAddresses: z.record(z.string(), z.string()),
});

/** A network as compared across the fleet (core's NetworkSpec). */
export const NetworkSpecSchema = z.object({
  name: z.string(),
  parent: z.string().nullable(),
  mode: IpvlanModeSchema,
  flag: IpvlanFlagSchema,
  internal: z.boolean(),
  ipv4: z.boolean(),
  ipv6: z.boolean(),
  subnets: z.array(SpecSubnetSchema),
  labels: LabelsSchema,
});

const SpecFieldSchema = z.enum([
  'parent',
  'mode',
  'flag',
  'internal',
  'ipv4',
  'ipv6',
  'subnets',
  'labels',
]);

/** One planned action (core's FleetAction). */
export const FleetActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), name: z.string(), to: NetworkSpecSchema }),
  z.object({
    kind: z.literal('change'),
    name: z.string(),
    from: NetworkSpecSchema,
    to: NetworkSpecSchema,
    fields: z.array(SpecFieldSchema),
    how: z.enum(['in-place', 'replace']),
    endpoints: z.number(),
    blocked: z.string().optional(),
  }),
  z.object({
    kind: z.literal('remove'),
    name: z.string(),
    from: NetworkSpecSchema,
    endpoints: z.number(),
    blocked: z.string().optional(),
  }),
]);

/** One host's plan (core's HostPlan). */
export const HostPlanSchema = z.object({
  host: z.string(),
  actions: z.array(FleetActionSchema),
  unchanged: z.array(z.string()),
  unmanaged: z.array(z.string()),
});

/** The plan of a fleet file against the registered hosts; `plans` is empty when the file has errors. */
export const FleetImportPlanSchema = z.object({
  /** Every problem in the file, each with `text`: the line the CLI prints for it. */
  issues: z.array(FileIssueSchema.extend({ text: z.string() })),
  plans: z.array(HostPlanSchema),
  /** Per host, the plan as the CLI prints it (terraform style). */
  lines: z.record(z.string(), z.array(z.string())),
  summary: z.string(),
  counts: z.object({
    create: z.number(),
    change: z.number(),
    remove: z.number(),
    blocked: z.number(),
    unchanged: z.number(),
    hostsWithChanges: z.number(),
  }),
  /** Hosts that did not answer: no plan for them, an apply reports them failed. */
  unreachable: z.array(z.object({ host: z.string(), error: z.string() })),
});
export type FleetImportPlan = z.infer<typeof FleetImportPlanSchema>;

/** How one host's apply ended (core's HostOutcome). */
export const HostOutcomeSchema = z.object({
  host: z.string(),
  status: z.enum(['applied', 'unchanged', 'failed', 'skipped']),
  done: z.number(),
  total: z.number(),
  error: z.string().optional(),
  rolledBack: z.object({ undone: z.number(), failed: z.array(z.string()) }).optional(),
});

/** An apply started from the dashboard, as polled: per host done/total and the current step, then the report. */
export const FleetApplyJobSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'finished']),
  progress: z.array(
    z.object({ host: z.string(), done: z.number(), total: z.number(), step: z.string() }),
  ),
  outcomes: z.array(HostOutcomeSchema),
  /** The report as the CLI prints it: one line per host, then the summary. */
  report: z.array(z.string()),
});
export type FleetApplyJob = z.infer<typeof FleetApplyJobSchema>;
