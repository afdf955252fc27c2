// The events the agent streams are a wire schema: defined in core
// (schemas/events.ts), re-exported here for the agent's own modules.
export type { AgentEvent, AgentEventInput } from '@underlay/core';
