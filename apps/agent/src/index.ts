// @underlay/agent: the daemon (startAgent), its typed client and its router type.
export type { AppRouter } from './router/root';
export type {
  RouterInputs,
  RouterOutputs,
  ProcedurePath,
  ProcedureInput,
  ProcedureOutput,
  SubscriptionData,
} from './router/types';
export { startAgent, type AgentDeps, type RunningAgent } from './server/start-agent';
export {
  parseAgentConfig,
  AgentConfigSchema,
  type AgentConfig,
  type AgentConfigInput,
} from './env';
export { createAgentClient, type AgentClient, type AgentClientOptions } from './client';
export { agentUrl, CloseCode } from './connection';
export type { AgentEvent } from './events/types';
export type { Kernel } from './kernel/port';
