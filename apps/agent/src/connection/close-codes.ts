// The WebSocket close codes the agent sends, so its three clients (the CLI,
// the hub, tests) read them from the same place the server writes them.

/** Close codes the agent's WebSocket server sends (RFC 6455 numbers). */
export const CloseCode = {
  /** 1008 policy violation: the token in connectionParams was missing or wrong. */
  unauthorized: 1008,
  /** 1012 service restart: the agent is shutting down gracefully. */
  restarting: 1012,
} as const;

/** The close code of a ws close event, if it carries one. */
export const closeCodeOf = (event: unknown): number | undefined =>
  (event as { code?: number } | undefined)?.code;
