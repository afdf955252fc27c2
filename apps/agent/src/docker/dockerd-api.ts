import { request } from 'node:http';
import { DockerdNetworkSchema } from '@underlay/core';

// dockerd tells a driver endpoint ids, never container ids. `underlay network
// inspect` asks dockerd's own API which container holds each endpoint
// (`GET /networks/{id}` over its unix socket, node:http: no client library
// for one read), briefly: when dockerd is down or slow, inspect shows the
// endpoint ids as before instead of waiting.

/** A container on a Docker network, by the endpoint dockerd gave it. */
export interface DockerdContainer {
  id: string;
  name: string;
}

/** How long inspect waits for dockerd before it shows endpoint ids only. */
export const DOCKERD_TIMEOUT_MS = 1000;

/** GETs path on dockerd's unix socket; resolves with the JSON body, rejects on any failure. */
function getJson(socketPath: string, path: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`dockerd answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`dockerd did not answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The containers on Docker network `networkId`, keyed by endpoint id; null
 * when dockerd does not answer (no socket, not running, too slow, not JSON).
 */
export async function dockerdContainers(
  socketPath: string,
  networkId: string,
  timeoutMs = DOCKERD_TIMEOUT_MS,
): Promise<Map<string, DockerdContainer> | null> {
  try {
    const body = await getJson(socketPath, `/networks/${encodeURIComponent(networkId)}`, timeoutMs);
    const parsed = DockerdNetworkSchema.safeParse(body);
    if (!parsed.success) return null;
    const byEndpoint = new Map<string, DockerdContainer>();
    for (const [id, c] of Object.entries(parsed.data.Containers ?? {}))
      byEndpoint.set(c.EndpointID, { id, name: c.Name });
    return byEndpoint;
  } catch {
    return null;
  }
}
