import { NetworkCreateSchema } from '@underlay/core';

// The same schema validates the agent's tRPC input, the CLI's request and the dashboard's form.
const parsed = NetworkCreateSchema.safeParse({ name: 'vlan10', ipam: [{ subnet: 42 }] });
if (!parsed.success) console.log(parsed.error.issues[0]?.path); // → [ 'ipam', 0, 'subnet' ]
