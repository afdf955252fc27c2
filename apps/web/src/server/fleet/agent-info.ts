import { z } from 'zod';

// `host.info` as the agent answers it, checked at the boundary. Loose on
// purpose: a newer agent may add fields, and the dashboard shows what it knows.

export const AgentInfoSchema = z.looseObject({
  hostname: z.string(),
  kernel: z.string(),
  version: z.string(),
  capabilities: z.record(z.string(), z.unknown()).default({}),
  interfaces: z
    .array(
      z.looseObject({
        name: z.string(),
        kind: z.string(),
        up: z.boolean(),
        mtu: z.number(),
        vlanId: z.number().nullish(),
        parent: z.string().nullish(),
        addresses: z.array(z.string()).default([]),
        networks: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;
