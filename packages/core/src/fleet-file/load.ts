import { type Issue, issue } from '../errors';
import { zodIssues } from '../validate/zod-issues';
import { type FileIssue, type Locate, placeIssue } from './file-issue';
import { parseCsv } from './parse-csv';
import { parseYaml } from './parse-yaml';
import { entryIssues } from './request';
import { type FleetFile, FleetFileSchema } from './schema';

// Text in, a checked fleet document out: syntax, shape (zod), then every
// entry through core's validate(), each problem placed in the file.

/** The outcome of reading a fleet file: the document when it has no error, and every issue. */
export interface LoadedFleet {
  fleet: FleetFile | null;
  issues: FileIssue[];
  /** Places later issues (host selection) in the same file. */
  locate: Locate;
}

/** `csv` when the name ends in .csv, else `yaml`. */
export const formatOf = (file: string): 'csv' | 'yaml' =>
  file.toLowerCase().endsWith('.csv') ? 'csv' : 'yaml';

/** Parses and checks a fleet file's text. */
export function loadFleet(input: {
  file: string;
  text: string;
  format?: 'csv' | 'yaml';
}): LoadedFleet {
  const format = input.format ?? formatOf(input.file);
  const source =
    format === 'csv' ? parseCsv(input.file, input.text) : parseYaml(input.file, input.text);
  if (source.issues.length || source.data === null)
    return { fleet: null, issues: source.issues, locate: source.locate };
  const parsed = FleetFileSchema.safeParse(source.data);
  const place = (problems: Issue[]): FileIssue[] =>
    problems.map((p) => placeIssue(input.file, p, source.locate));
  if (!parsed.success)
    return {
      fleet: null,
      issues: place(zodIssues(parsed.error).map(shapeHint)),
      locate: source.locate,
    };
  const issues = place(documentIssues(parsed.data));
  const failed = issues.some((p) => p.severity === 'error');
  return { fleet: failed ? null : parsed.data, issues, locate: source.locate };
}

// zod's hint speaks of "the request": a fleet file has its own schema to point at.
const shapeHint = (problem: Issue): Issue => ({
  ...problem,
  hint: 'See the fleet file schema (schemas/fleet.schema.json) for the fields and their types.',
});

function documentIssues(fleet: FleetFile): Issue[] {
  const lists = new Set(Object.keys(fleet.lists ?? {}));
  return fleet.networks.flatMap((entry, index) => {
    const at = ['networks', index];
    const own = entryIssues(entry).map((p) => ({ ...p, path: [...at, ...p.path] }));
    return [...own, ...listIssues(entry.hosts, lists, at)];
  });
}

function listIssues(selector: unknown, lists: Set<string>, at: Issue['path']): Issue[] {
  const named = Array.isArray(selector)
    ? selector.filter((w: string) => w.startsWith('@')).map((w: string) => w.slice(1))
    : ((selector as { lists?: string[] } | undefined)?.lists ?? []);
  return named
    .filter((name) => !lists.has(name))
    .map((name) =>
      issue(
        'INVALID_INPUT',
        [...at, 'hosts'],
        `host list "${name}" is not defined.`,
        `Define it under lists: (lists: { ${name}: [host-a, host-b] }), or name the hosts directly.`,
      ),
    );
}
