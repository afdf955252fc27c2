import { describe, expect, it } from 'vitest';
import { openDb } from '../src/server/db';
import { registerLabHosts } from '../src/server/fleet/lab';
import {
  addHost,
  getHost,
  listHosts,
  NameTakenError,
  removeHost,
  toPublic,
  updateHost,
} from '../src/server/fleet/registry';
import { HostInputSchema } from '../src/lib/host-schema';

describe('fleet registry', () => {
  it('adds, lists, edits and removes hosts', () => {
    const db = openDb(':memory:');
    const b = addHost(db, { name: 'host-b', address: '/run/b.sock', token: 't-b' });
    const a = addHost(db, {
      name: 'host-a',
      address: 'ws://10.0.0.1:7070',
      token: 't-a',
      tlsCa: '',
    });
    expect(listHosts(db).map((h) => h.name)).toEqual(['host-a', 'host-b']);
    expect(a.tlsCa).toBeNull();

    const edited = updateHost(db, a.id, {
      name: 'host-a2',
      address: 'wss://10.0.0.1:7443',
      token: '',
    });
    expect(edited).toMatchObject({ name: 'host-a2', address: 'wss://10.0.0.1:7443', token: 't-a' });
    expect(getHost(db, a.id)?.token).toBe('t-a');
    updateHost(db, a.id, { name: 'host-a2', address: 'wss://10.0.0.1:7443', token: 'new' });
    expect(getHost(db, a.id)?.token).toBe('new');

    expect(removeHost(db, b.id)).toBe(true);
    expect(removeHost(db, b.id)).toBe(false);
    expect(listHosts(db).map((h) => h.id)).toEqual([a.id]);
    expect(updateHost(db, 'missing', { name: 'x', address: '/x' })).toBeNull();
  });

  it('refuses a second host with the same name, naming the field', () => {
    const db = openDb(':memory:');
    const a = addHost(db, { name: 'h', address: '/a', token: 't' });
    const b = addHost(db, { name: 'g', address: '/b', token: 't' });
    expect(() => addHost(db, { name: 'h', address: '/c', token: 't' })).toThrow(NameTakenError);
    expect(() => updateHost(db, b.id, { name: 'h', address: '/b' })).toThrow(/already registered/);
    expect(updateHost(db, a.id, { name: 'h', address: '/a3' })?.address).toBe('/a3');
  });

  it('never lets the token into the public view', () => {
    const db = openDb(':memory:');
    const h = addHost(db, {
      name: 'h',
      address: '/a',
      token: 'secret-token',
      tlsCa: '-----BEGIN CERTIFICATE-----x',
    });
    const view = toPublic(h);
    expect(JSON.stringify(view)).not.toContain('secret-token');
    expect(view).toEqual({ id: h.id, name: 'h', address: '/a', hasTlsCa: true, source: 'manual' });
  });

  it('registers lab hosts idempotently by name', () => {
    const db = openDb(':memory:');
    const tokens: Record<string, string> = {
      '/lab/host-1/state/token': 'one',
      '/lab/host-2/state/token': 'two',
    };
    const hosts = [
      { name: 'host-1', agentSocket: '/lab/host-1.sock', tokenPath: '/lab/host-1/state/token' },
      { name: 'host-2', agentSocket: '/lab/host-2.sock', tokenPath: '/lab/host-2/state/token' },
    ];
    registerLabHosts(db, hosts, (p) => tokens[p] ?? '');
    tokens['/lab/host-1/state/token'] = 'one-again';
    registerLabHosts(db, hosts, (p) => tokens[p] ?? '');
    const listed = listHosts(db);
    expect(listed.map((h) => [h.name, h.address, h.token, h.source])).toEqual([
      ['host-1', '/lab/host-1.sock', 'one-again', 'lab'],
      ['host-2', '/lab/host-2.sock', 'two', 'lab'],
    ]);
  });

  it('validates the add-host form with messages that say what to do', () => {
    const bad = HostInputSchema.safeParse({ name: '-x', address: 'http://x', token: '' });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries(
      (bad.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]),
    );
    expect(fields.name).toMatch(/starting with a letter or digit/);
    expect(fields.address).toMatch(/ws:\/\/host:port/);
    expect(fields.token).toMatch(/token/);
    expect(
      HostInputSchema.safeParse({ name: 'host-1', address: '/run/underlay/agent.sock', token: 'x' })
        .success,
    ).toBe(true);
    expect(
      HostInputSchema.safeParse({ name: 'h', address: 'wss://h.example:7443', token: 'x' }).success,
    ).toBe(true);
  });
});
