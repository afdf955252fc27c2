// Registry addresses are what people type: a unix socket path or a ws(s) URL.
// The `ws` client reaches a unix socket with `ws+unix:///path:/`.

/** The URL the ws client dials for a registry address. */
export function agentUrl(address: string): string {
  return address.startsWith('/') ? `ws+unix://${address}:/` : address;
}
