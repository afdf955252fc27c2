// The dashboard tables' header row: grey, left-aligned column names ('' for an actions column).

/** A table's header row from its column names. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr className="border-b text-left text-slate-500">
        {columns.map((c, i) => (
          <th key={i} className="p-2">
            {c || undefined}
          </th>
        ))}
      </tr>
    </thead>
  );
}
