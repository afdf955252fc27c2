// `host info`: the agent's answer as indented `Key: value` lines, like
// `docker info`. Nested records indent; lists of records print one per item.

/** Indented text for any JSON-like value. */
export function formatInfo(value: unknown, indent = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      isRecord(item)
        ? formatInfo(item, `${indent}  `).map((line, i) =>
            i === 0 ? `${indent}- ${line.trimStart()}` : line,
          )
        : [`${indent}- ${scalar(item)}`],
    );
  }
  if (!isRecord(value)) return [`${indent}${scalar(value)}`];
  return Object.entries(value).flatMap(([key, child]) => {
    const label = `${indent}${titleCase(key)}:`;
    if (Array.isArray(child) && child.length === 0) return [`${label} (none)`];
    if (Array.isArray(child) || isRecord(child))
      return [label, ...formatInfo(child, `${indent}  `)];
    return [`${label} ${scalar(child)}`];
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const scalar = (value: unknown): string =>
  value === undefined || value === null ? '-' : String(value);

/** `kernelVersion` → `Kernel Version`. */
const titleCase = (key: string): string =>
  key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
