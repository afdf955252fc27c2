import { z } from 'zod';
import { ERROR_CODES } from '../errors';

// Issues and the error payload on the wire: what the agent attaches to every
// refused call as `error.data.domain`, read by the CLI and the dashboard.

/** One problem with a request (core's `Issue`, as data). */
export const IssueSchema = z.object({
  code: z.enum(ERROR_CODES),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  hint: z.string().optional(),
  severity: z.enum(['error', 'warning']),
});

/** `error.data.domain` of a refused call: the first error's code, path and hint, and every issue. */
export const WireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  path: z.array(z.union([z.string(), z.number()])),
  hint: z.string().optional(),
  issues: z.array(IssueSchema),
  /** For KERNEL_ERROR: the errno name the kernel answered (`EEXIST`…). */
  errno: z.string().optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;
