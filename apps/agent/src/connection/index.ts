// @underlay/agent/connection: how any client reaches an agent (address → URL,
// WebSocket or HTTP, token, TLS CA, close codes). No server, store or kernel code: the CLI and
// the dashboard's hub import it as a value.
export { parseAgentAddress, agentUrl, type AgentAddress } from './address';
export { CloseCode, closeCodeOf } from './close-codes';
export { webSocketClass, type WebSocketClass } from './socket';
export { socketErrno, socketErrorMessage } from './socket-errors';
export {
  agentFetch,
  agentHttpBase,
  type AgentHttpBase,
  type AgentFetchOptions,
} from './http-fetch';
export { TRPC_HTTP_PATH, MAX_MESSAGE_BYTES, bearer, bearerToken } from './http-path';
export { createAgentWsClient, type AgentEndpoint, type AgentWsPolicy } from './ws-client';
