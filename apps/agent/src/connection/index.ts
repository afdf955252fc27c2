// @underlay/agent/connection: how any client reaches an agent (address → URL,
// token, TLS CA, close codes). No server, store or kernel code: the CLI and
// the dashboard's hub import it as a value.
export { parseAgentAddress, agentUrl, type AgentAddress } from './address';
export { CloseCode, closeCodeOf } from './close-codes';
export { webSocketClass, socketErrno, socketErrorMessage, type WebSocketClass } from './socket';
export { createAgentWsClient, type AgentEndpoint, type AgentWsPolicy } from './ws-client';
