import type { FleetCalls } from '@underlay/core';
import type { AgentApi } from './client';
import { renderError } from './render-error';

// core's apply engine calls agents through FleetCalls; this binds it to the
// CLI's agent client and renders failures as the CLI prints them.

/** The agent calls of one host, through its open client. */
export const agentCalls = (api: AgentApi): FleetCalls => ({
  create: (request) => api.mutate('networks.create', request),
  remove: (network) => api.mutate('networks.remove', { network }),
  update: (network, { labels }) => api.mutate('networks.update', { network, labels }),
});

/** A failed call as one line. */
export const describeCallError = (error: unknown): string => renderError(error).lines.join(' ');
