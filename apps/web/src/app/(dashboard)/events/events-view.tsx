'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { churnSteps, collapseChurn, type EventRow } from '~/components/events/collapse-churn';
import { describeHubEvent } from '~/components/events/describe';
import { useLiveEvents } from '~/components/live-events';
import type { HistoryItem } from '~/server/fleet/event-store';
import { useTRPC } from '~/trpc/react';

const FILTERS = [
  { key: 'host', label: 'Host', facet: 'hosts' },
  { key: 'kind', label: 'Kind', facet: 'kinds' },
  { key: 'network', label: 'Network', facet: 'networks' },
] as const;

type FilterKey = (typeof FILTERS)[number]['key'];
type Facet = (typeof FILTERS)[number]['facet'];
type Filter = Record<FilterKey, string | undefined>;
type Churn = Extract<EventRow<HistoryItem>, { kind: 'churn' }>;

/** The filter in the URL, and how to change one of its keys (the page is replaced, not pushed). */
function useUrlFilter() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter = Object.fromEntries(
    FILTERS.map(({ key }) => [key, params.get(key) || undefined]),
  ) as Filter;
  const setFilter = (key: FilterKey, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return { filter, setFilter };
}

/** The hub's stored history, newest first, filtered by the URL (`?host=&kind=&network=`); live events refetch it. */
export function EventsView() {
  const trpc = useTRPC();
  const { connected } = useLiveEvents();
  const { filter, setFilter } = useUrlFilter();
  const history = useQuery(trpc.events.history.queryOptions(filter));
  const rows = useMemo(() => collapseChurn(history.data?.items ?? []), [history.data]);
  const filtered = FILTERS.some(({ key }) => filter[key]);
  return (
    <section className="space-y-3">
      <h1 className="text-lg font-semibold">
        Events {connected ? '' : <span className="text-sm text-amber-700">(connecting…)</span>}
      </h1>
      <FilterSelects filter={filter} facets={history.data?.facets} onChange={setFilter} />
      {history.error && (
        <p role="alert" className="text-sm text-red-700">
          Could not load the history: {history.error.message}
        </p>
      )}
      {history.data && (
        <p className="text-xs text-slate-600" data-testid="event-count">
          {countLine(history.data.total, history.data.items.length, filtered)}
        </p>
      )}
      <ol className="space-y-1 font-mono text-xs" data-testid="event-list">
        {rows.map((row) =>
          row.kind === 'single' ? (
            <EventItem key={row.item.id} item={row.item} />
          ) : (
            <ChurnItem key={row.key} row={row} />
          ),
        )}
      </ol>
    </section>
  );
}

/** One select per filter key: All, then the values the history has (the chosen one kept). */
function FilterSelects(props: {
  filter: Filter;
  facets: Record<Facet, string[]> | undefined;
  onChange: (key: FilterKey, value: string) => void;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="event-filters">
      {FILTERS.map(({ key, label, facet }) => {
        const choices = props.facets?.[facet] ?? [];
        const value = props.filter[key] ?? '';
        return (
          <div key={key} className="flex flex-col text-xs text-slate-600">
            {/* A label of its own (not wrapping the select), so its name is not the options' text. */}
            <label htmlFor={`event-filter-${key}`}>{label}</label>
            <select
              id={`event-filter-${key}`}
              className="input mt-1 min-w-32 bg-white text-sm text-slate-900"
              value={value}
              onChange={(e) => props.onChange(key, e.target.value)}
              data-testid={`event-filter-${key}`}
            >
              <option value="">All</option>
              {[...new Set(value ? [value, ...choices] : choices)].map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </div>
  );
}

/** One event as a list item. */
function EventItem({ item }: { item: HistoryItem }) {
  return (
    <li data-testid="event-item" data-type={item.type} data-host={item.host}>
      <EventLine item={item} />
    </li>
  );
}

/** A link's up/down churn folded into one line that opens to its events. */
function ChurnItem({ row }: { row: Churn }) {
  return (
    <li
      data-testid="event-churn"
      data-host={row.items[0]!.host}
      data-link={row.link}
      data-count={row.items.length}
    >
      <details>
        <summary className="cursor-pointer">
          <EventLine item={row.items[0]!} text={`link ${row.link}: ${churnSteps(row.items)}`} />{' '}
          <span className="text-slate-600">({row.items.length} events)</span>
        </summary>
        <ol className="ml-6 mt-1 space-y-1 border-l border-slate-200 pl-2">
          {row.items.map((item) => (
            <EventItem key={item.id} item={item} />
          ))}
        </ol>
      </details>
    </li>
  );
}

function EventLine({ item, text }: { item: HistoryItem; text?: string }) {
  return (
    <>
      <time className="text-slate-600" dateTime={new Date(item.at).toISOString()}>
        {new Date(item.at).toLocaleString()}
      </time>{' '}
      <span className="font-semibold">{item.host}</span> {text ?? describeHubEvent(item.event)}
      {item.network && !(text ?? describeHubEvent(item.event)).includes(item.network) && (
        <span className="text-slate-600"> ({item.network})</span>
      )}
    </>
  );
}

function countLine(total: number, shown: number, filtered: boolean): string {
  if (total === 0) return filtered ? 'No events match these filters.' : 'No events recorded yet.';
  const what = `${total} event${total === 1 ? '' : 's'}${filtered ? ' match' : ' kept'}`;
  return shown < total ? `${what}; the newest ${shown} shown.` : `${what}.`;
}
