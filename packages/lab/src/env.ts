// The lab's environment variables, validated once and read nowhere else.
import { z } from 'zod';

const envSchema = z.object({
  UNDERLAY_LAB_DIR: z
    .string()
    .startsWith('/', 'UNDERLAY_LAB_DIR must be an absolute path')
    .default('/run/underlay-lab'),
  UNDERLAY_LAB_NAME: z.string().optional(),
  UNDERLAY_LAB_HOSTS: z.coerce.number().optional(),
  UNDERLAY_LAB_AGENT: z.enum(['0', '1'], { error: 'UNDERLAY_LAB_AGENT must be 0 or 1' }).optional(),
});

export type LabEnv = z.infer<typeof envSchema>;

/** Reads the lab's variables from `source` (process.env by default). */
export function readEnv(source: NodeJS.ProcessEnv = process.env): LabEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
