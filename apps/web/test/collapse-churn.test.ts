import { describe, expect, it } from 'vitest';
import {
  churnSteps,
  collapseChurn,
  type ChurnInput,
} from '../src/components/events/collapse-churn';

let nextId = 100;
const ev = (at: number, type: string, link: string | null = null, hostId = 'a'): ChurnInput => ({
  id: nextId--,
  at,
  hostId,
  type,
  link,
});

const shape = (rows: ReturnType<typeof collapseChurn>) =>
  rows.map((row) =>
    row.kind === 'single' ? row.item.type : `churn ${row.link}: ${churnSteps(row.items)}`,
  );

describe('collapseChurn', () => {
  it('folds one link burst into one row at its newest event, keeping other events in place', () => {
    // Newest first, as the page lists them; host b's burst is interleaved with host a's.
    const rows = collapseChurn([
      ev(5_000, 'network.created'),
      ev(4_900, 'link.up', 'eth0.30'),
      ev(4_850, 'link.up', 'eth0.30', 'b'),
      ev(4_800, 'link.down', 'eth0.30'),
      ev(4_750, 'link.added', 'eth0.30', 'b'),
      ev(4_700, 'link.added', 'eth0.30'),
    ]);
    expect(shape(rows)).toEqual([
      'network.created',
      'churn eth0.30: added → down → up',
      'churn eth0.30: added → up',
    ]);
    expect(rows[1]).toMatchObject({ kind: 'churn', host: 'a' });
    expect(rows[2]).toMatchObject({ kind: 'churn', host: 'b' });
  });

  it('keeps bursts of one link apart when they are further apart than the window', () => {
    const rows = collapseChurn(
      [
        ev(60_000, 'link.removed', 'eth0.30'),
        ev(59_000, 'link.down', 'eth0.30'),
        ev(1_000, 'link.up', 'eth0.30'),
        ev(900, 'link.added', 'eth0.30'),
      ],
      10_000,
    );
    expect(shape(rows)).toEqual(['churn eth0.30: down → removed', 'churn eth0.30: added → up']);
  });

  it('leaves a lone link event, and events without a link, as single rows', () => {
    const rows = collapseChurn([
      ev(3, 'link.up', 'eth1'),
      ev(2, 'host.online'),
      ev(1, 'link.up', 'eth2'),
    ]);
    expect(shape(rows)).toEqual(['link.up', 'host.online', 'link.up']);
    expect(collapseChurn([])).toEqual([]);
  });
});
