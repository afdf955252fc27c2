import {
  type KeyValue,
  type Snapshot,
  StoreAnswerSchemas,
  StoreErrorAnswerSchema,
  type StoreOperation,
  type Txn,
  type TxnResult,
} from '@underlay/core';
import { HUB_STORE_PATH } from './hub-handler';
import { type FleetStore, FleetStoreError } from './store';

// The agent's side of the hub's store: each FleetStore call is one POST to
// the hub's endpoint with the host's bearer token, under a deadline. Every
// transport failure, timeout, 5xx or refused token is UNREACHABLE naming the
// hub and since when it has failed, so the allocator keeps using the blocks
// it holds and refuses claims clearly (the failure rules).

export interface HubStoreOptions {
  /** The hub's base URL as the agent reaches it, e.g. `http://192.0.2.1:7480`. */
  url: string;
  /** This host's bearer token, minted by the hub. */
  token: string;
  /** Deadline of each call (default 3 s, as the etcd store). */
  timeoutMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** A FleetStore served by the hub over HTTP JSON. */
export function createHubStore(options: HubStoreOptions): FleetStore {
  return new HubFleetStore(options);
}

class HubFleetStore implements FleetStore {
  readonly kind = 'hub';
  readonly where: string;
  private readonly base: string;
  private failingSince: number | null = null;

  constructor(private readonly options: HubStoreOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.where = `hub at ${this.base}`;
  }

  async get(key: string): Promise<KeyValue | null> {
    return (await this.call('get', { key })).kv;
  }

  async list(prefix: string): Promise<Snapshot> {
    return this.call('list', { prefix });
  }

  async txn(txn: Txn): Promise<TxnResult> {
    return this.call('txn', txn);
  }

  async grantLease(ttlSeconds: number): Promise<string> {
    return (await this.call('lease/grant', { ttlSeconds })).lease;
  }

  async keepAlive(lease: string): Promise<boolean> {
    return (await this.call('lease/keepalive', { lease })).alive;
  }

  async revokeLease(lease: string): Promise<void> {
    await this.call('lease/revoke', { lease });
  }

  async close(): Promise<void> {}

  /** One POST; the answer parsed with the operation's schema, failures mapped to FleetStoreError. */
  private async call<Op extends StoreOperation>(
    op: Op,
    body: unknown,
  ): Promise<ReturnType<(typeof StoreAnswerSchemas)[Op]['parse']>> {
    const { fetch: doFetch = fetch, timeoutMs = 3_000, token } = this.options;
    let response: Response;
    let payload: unknown;
    try {
      response = await this.post(op, body, token, timeoutMs, doFetch);
      payload = await response.json();
    } catch (error) {
      throw this.unreachable(describeTransport(error, timeoutMs), error);
    }
    if (response.ok) {
      this.failingSince = null;
      return StoreAnswerSchemas[op].parse(payload) as never;
    }
    throw this.refused(op, response.status, payload);
  }

  // A kept-alive connection the hub closed as idle (its keep-alive timeout
  // passed while this process was busy) fails as "other side closed" before
  // the request is read: that one attempt is made again, once, on a new
  // connection. Had the hub read it and died before answering, the second
  // attempt finds no hub (UNREACHABLE) or, if it is already back, a compare
  // that no longer holds: the allocator's ordinary conflict path.
  private async post(
    op: string,
    body: unknown,
    token: string,
    timeoutMs: number,
    doFetch: typeof fetch,
  ): Promise<Response> {
    const attempt = () =>
      doFetch(`${this.base}${HUB_STORE_PATH}${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    try {
      return await attempt();
    } catch (error) {
      if (!isClosedConnection(error)) throw error;
      return attempt();
    }
  }

  private refused(op: string, status: number, payload: unknown): Error {
    const answer = StoreErrorAnswerSchema.safeParse(payload);
    const message = answer.success ? answer.data.error.message : `HTTP ${status}`;
    const code = answer.success ? answer.data.error.code : 'INTERNAL';
    if (code === 'LEASE_NOT_FOUND') {
      this.failingSince = null;
      return new FleetStoreError('LEASE_NOT_FOUND', this.where, message);
    }
    // A bad request is a bug on this side, not an outage: it must not read as one.
    if (code === 'BAD_REQUEST' || code === 'NOT_FOUND')
      return new Error(`${this.where} refused ${op}: ${message}`);
    return this.unreachable(`answered ${status} (${message})`);
  }

  private unreachable(what: string, cause?: unknown): FleetStoreError {
    const now = (this.options.now ?? Date.now)();
    this.failingSince ??= now;
    const since = new Date(this.failingSince).toISOString();
    return new FleetStoreError(
      'UNREACHABLE',
      this.where,
      `${this.where} unreachable since ${since}: ${what}. Allocation goes on inside the blocks this host holds; check that the hub runs and that this host reaches ${this.base}.`,
      { cause },
    );
  }
}

function isClosedConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

function describeTransport(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
