import { describe, expect, it } from 'vitest';
import { EtcdFleetStore } from '../src/etcd-store';
import { openFleetStore } from '../src/open';

// The factory behind the agent's --fleet-store flag and fleetStore.configure.

describe('openFleetStore', () => {
  it('opens nothing for none', () => {
    expect(openFleetStore({ kind: 'none' })).toBeNull();
  });

  it('opens etcd on every member given, named by them all', async () => {
    const store = openFleetStore({
      kind: 'etcd',
      endpoints: ['http://127.0.0.1:9', 'http://127.0.0.2:9'],
    });
    expect(store).toBeInstanceOf(EtcdFleetStore);
    expect(store!.where).toBe('etcd at http://127.0.0.1:9,http://127.0.0.2:9');
    await store!.close();
  });

  it('opens the hub store as its HTTP client, named by its URL', async () => {
    const store = openFleetStore({
      kind: 'hub',
      url: 'http://127.0.0.1:7000',
      token: 'x'.repeat(16),
    });
    expect(store?.kind).toBe('hub');
    expect(store?.where).toBe('hub at http://127.0.0.1:7000');
    await store!.close();
  });
});
