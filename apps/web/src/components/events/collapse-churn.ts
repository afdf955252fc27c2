// A network create or remove makes each parent link log added, down and up
// within a second: three lines saying one thing. The Events page shows such a
// burst (same host, same link, events close together) as one line that opens.

export interface ChurnInput {
  id: number;
  at: number;
  hostId: string;
  type: string;
  link: string | null;
}

export type EventRow<T extends ChurnInput> =
  | { kind: 'single'; item: T }
  | { kind: 'churn'; key: string; host: string; link: string; items: T[] };

/** How far apart (ms) two events of one link may be and still count as one burst. */
export const CHURN_WINDOW_MS = 10_000;

/** Rows for a newest-first list: each link's burst becomes one row where its newest event sits. */
export function collapseChurn<T extends ChurnInput>(
  items: readonly T[],
  windowMs = CHURN_WINDOW_MS,
): EventRow<T>[] {
  const rows: EventRow<T>[] = [];
  const open = new Map<string, T[]>();
  for (const item of items) {
    if (!item.type.startsWith('link.') || item.link === null) {
      rows.push({ kind: 'single', item });
      continue;
    }
    const key = `${item.hostId}\u0000${item.link}`;
    const burst = open.get(key);
    const oldest = burst?.[burst.length - 1];
    if (burst && oldest && oldest.at - item.at <= windowMs) {
      burst.push(item);
      continue;
    }
    const fresh = [item];
    open.set(key, fresh);
    rows.push({
      kind: 'churn',
      key: `${key}\u0000${item.id}`,
      host: item.hostId,
      link: item.link,
      items: fresh,
    });
  }
  return rows.map((row) =>
    row.kind === 'churn' && row.items.length === 1 ? { kind: 'single', item: row.items[0]! } : row,
  );
}

/** `added → down → up`: a burst's steps, oldest first. */
export function churnSteps(items: readonly ChurnInput[]): string {
  return [...items]
    .reverse()
    .map((item) => item.type.slice('link.'.length))
    .join(' → ');
}
